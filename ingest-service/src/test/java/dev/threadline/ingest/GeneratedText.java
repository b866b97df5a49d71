package dev.threadline.ingest;

import dev.threadline.problem.Utf8;
import dev.threadline.testkit.Gen;

/**
 * Generated text for the ingest fuzz suites: text every text field takes, the same with what no consumer can store
 * put into it (docs/api.md, "What the ingest API accepts"), and bytes that are not UTF-8.
 */
final class GeneratedText {

    /**
     * Text any text field takes: a letter (so never blank), then up to 30 characters of any script, of planes above the
     * first (surrogate pairs), invisible ones and control characters other than NUL.
     */
    static final Gen<String> ANY = Gen.codePoints('a', 'z').flatMap(first -> Gen.strings(Gen.weighted(
            Gen.weight(4, Gen.ASCII), Gen.weight(3, Gen.NON_ASCII), Gen.weight(1, Gen.SUPPLEMENTARY), Gen.weight(1, Gen.INVISIBLE),
            Gen.weight(1, Gen.CONTROL.filter(control -> !control.equals("\u0000")))), 0, 30).map(rest -> first + rest));

    private GeneratedText() {
    }

    /** {@code text} with NUL or a lone surrogate put between two of its characters. */
    static Gen<String> unstorable(Gen<String> text) {
        return inserted(text, Gen.oneOf(Gen.just("\u0000"), Gen.LONE_SURROGATE));
    }

    /** {@code text} with one of {@code insertions} put between two of its characters (never inside a surrogate pair). */
    static Gen<String> inserted(Gen<String> text, Gen<String> insertions) {
        return text.flatMap(valid -> insertions.flatMap(insertion -> Gen.ints(0, valid.codePointCount(0, valid.length())).map(at -> {
            int offset = valid.offsetByCodePoints(0, at);
            return valid.substring(0, offset) + insertion + valid.substring(offset);
        })));
    }

    /** Bytes that are not UTF-8: random ones, of which almost all are not, and the few that are left out. */
    static Gen<byte[]> notUtf8() {
        return Gen.bytes(1, 8).filter(bytes -> Utf8.firstMalformed(bytes) >= 0);
    }
}
