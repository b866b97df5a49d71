package dev.threadline.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.ingest.api.BatchController.BatchRequest;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchBodyReader} against the general way it stands in for ({@link WellFormedJson}, then the service's
 * binding): on generated batches and on mutated ones, the fast reader either gives up (null) or binds exactly what the
 * general way binds; it never takes a body the general way refuses. And it does not give up on plain posts, which it
 * exists for.
 */
class BatchBodyReaderTest {

    private static final Argument<BatchRequest> BATCH = Argument.of(BatchRequest.class);
    private static final String CONVERSATION = "0192f0c4-1b2a-7c3d-8e4f-5a6b7c8d9e0f";
    private static ObjectMapper.CloseableObjectMapper mapper;
    private static BatchBodyReader reader;

    @BeforeAll
    static void mapper() {
        // The service's binding settings (application.yml) and its strict registry.
        mapper = ObjectMapper.create(Map.of("micronaut.serde.deserialization.ignore-unknown", false,
                "micronaut.serde.jackson.parser-features.STRICT_DUPLICATE_DETECTION", true), "dev.threadline.ingest.api");
        reader = new BatchBodyReader(mapper);
    }

    @AfterAll
    static void close() throws Exception {
        mapper.close();
    }

    @Test
    void theGeneralWayIsTheServicesStrictOne() {
        // Otherwise the comparison below would compare with something the service does not do.
        assertThat(general(body("{\"type\":\"postMessage\",\"conversationId\":7,\"message\":{\"senderRole\":\"user\",\"content\":\"x\"}}")))
                .isNull();
        assertThat(general(body("{\"type\":\"postMessage\",\"conversationId\":\"" + CONVERSATION
                + "\",\"message\":{\"senderRole\":\"user\",\"content\":\"x\",\"unknown\":1}}"))).isNull();
        assertThat(general(body(post(CONVERSATION, "{\"senderRole\":\"user\",\"content\":\"x\"}")))).isNotNull();
    }

    @Test
    void readsPlainPostsItself() {
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2_000; i++) {
            List<String> items = new ArrayList<>();
            int count = random.nextInt(1, 20);
            for (int j = 0; j < count; j++) {
                items.add(post(CONVERSATION, message(random, false)));
            }
            byte[] body = body(String.join(",", items));
            BatchRequest fast = reader.read(body);
            assertThat(fast).as(new String(body, StandardCharsets.UTF_8)).isNotNull().isEqualTo(general(body));
        }
    }

    @Test
    void bindsWhatTheGeneralWayBindsAndNothingItRefuses() {
        SplittableRandom random = new SplittableRandom(17);
        int fastTaken = 0;
        int refused = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] body = mutated(random);
            BatchRequest general = general(body);
            BatchRequest fast = reader.read(body);
            String shown = new String(body, StandardCharsets.UTF_8);
            if (general == null) {
                refused++;
                assertThat(fast).as("refused by the general way: %s", shown).isNull();
            } else if (fast != null) {
                fastTaken++;
                assertThat(fast).as(shown).isEqualTo(general);
            }
        }
        // The mutations reach both sides of the question.
        assertThat(refused).isGreaterThan(5_000);
        assertThat(fastTaken).isGreaterThan(5_000);
    }

    private static BatchRequest general(byte[] body) {
        try {
            WellFormedJson.check(body, BATCH);
            return mapper.readValue(body, BATCH);
        } catch (Exception e) {
            return null;
        }
    }

    /** A batch of a few items, one or two of them changed, or the body around them changed. */
    private static byte[] mutated(SplittableRandom random) {
        List<String> items = new ArrayList<>();
        int count = random.nextInt(1, 6);
        for (int j = 0; j < count; j++) {
            items.add(random.nextInt(4) == 0 ? OTHER_COMMANDS.get(random.nextInt(OTHER_COMMANDS.size()))
                    : post(random.nextInt(8) == 0 ? pick(random, IDS) : CONVERSATION, message(random, random.nextBoolean())));
        }
        int changed = random.nextInt(items.size());
        if (random.nextInt(3) > 0) {
            items.set(changed, mutateItem(random, items.get(changed)));
        }
        String commands = String.join(",", items);
        String body = switch (random.nextInt(14)) {
            case 0 -> "{\"commands\":[" + commands + "]} x";
            case 1 -> "{\"commands\":[" + commands + "]}{}";
            case 2 -> "{\"commands\":[" + commands + "],\"commands\":[]}";
            case 3 -> "{\"other\":1,\"commands\":[" + commands + "]}";
            case 4 -> "{\"commands\":[" + commands + ",null]}";
            case 5 -> "{\"commands\":null}";
            case 6 -> "[" + commands + "]";
            case 7 -> "{\"commands\":[" + commands + "]";
            default -> "{\"commands\":[" + commands + "]}" + (random.nextBoolean() ? " \n" : "");
        };
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (random.nextInt(40) == 0) {
            bytes[random.nextInt(bytes.length)] = (byte) (0x80 | random.nextInt(0x80));
        }
        return bytes;
    }

    private static String mutateItem(SplittableRandom random, String item) {
        return switch (random.nextInt(12)) {
            // A field's value replaced by one of another type or out of range
            case 0, 1, 2 -> replaceValue(random, item);
            // type later than first, or another name
            case 3 -> item.replaceFirst("\"type\":\"postMessage\",", "") .replaceFirst("}$", ",\"type\":\"postMessage\"}");
            case 4 -> item.replaceFirst("\"postMessage\"", pick(random, List.of("\"PostMessage\"", "\"post\"", "null", "1", "\"\"",
                    "\"markRead\"", "\"startConversation\"")));
            // a key twice, at the item or in the message
            case 5 -> item.replaceFirst("\"conversationId\"", "\"conversationId\":\"" + CONVERSATION + "\",\"conversationId\"");
            case 6 -> item.replaceFirst("\"content\"", "\"content\":\"again\",\"content\"");
            // unknown, removed or nested fields
            case 7 -> item.replaceFirst("\"senderRole\"", pick(random, List.of("\"senderrole\"", "\"x\":1,\"senderRole\"",
                    "\"senderRole\":\"user\",\"extra\":{\"a\":[1,{}]},\"senderRole2\"")));
            case 8 -> item.replaceFirst(",\"message\":\\{", ",\"other\":{");
            case 9 -> item.replaceFirst("\\{", "{\"deep\":" + "[".repeat(random.nextInt(1, 60)) + "]".repeat(random.nextInt(1, 60)) + ",");
            case 10 -> pick(random, List.of("null", "1", "\"postMessage\"", "[]", "{}", "{\"type\":\"postMessage\"}"));
            default -> item.substring(0, random.nextInt(1, item.length()));
        };
    }

    private static String replaceValue(SplittableRandom random, String item) {
        String field = pick(random, List.of("conversationId", "id", "senderId", "senderRole", "content", "contentType", "tokensUsed",
                "model", "replyTo", "attributes", "occurredAt"));
        String value = pick(random, VALUES);
        int at = item.indexOf("\"" + field + "\":");
        if (at < 0) {
            // Added where it was absent
            return item.replaceFirst("\"senderRole\"", "\"" + field + "\":" + value + ",\"senderRole\"");
        }
        int start = at + field.length() + 3;
        int end = valueEnd(item, start);
        return item.substring(0, start) + value + item.substring(end);
    }

    /** Where the JSON value starting at {@code start} ends (strings, numbers, literals, flat objects). */
    private static int valueEnd(String text, int start) {
        char first = text.charAt(start);
        if (first == '"') {
            int i = start + 1;
            while (text.charAt(i) != '"') {
                i += text.charAt(i) == '\\' ? 2 : 1;
            }
            return i + 1;
        }
        if (first == '{') {
            return text.indexOf('}', start) + 1;
        }
        int i = start;
        while (",}]".indexOf(text.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    private static final List<String> IDS = List.of("\"0192F0C4-1B2A-7C3D-8E4F-5A6B7C8D9E0F\"", "\"not-a-uuid\"", "\"\"",
            "\"0192f0c4-1b2a-7c3d-8e4f-5a6b7c8d9e0\"");
    private static final List<String> VALUES = List.of("null", "7", "-1", "0", "2147483647", "2147483648", "-2147483649",
            "99999999999999999999", "1.5", "1e3", "-0.0", "true", "false", "\"\"", "\" \"", "\"user\"", "\"USER\"", "\"agent\"",
            "\"assistant\"", "\"system\"", "\"admin\"", "\"robot\"", "\"x\"", "\"2026-01-31T12:00:00Z\"", "\"2026-01-31T12:00:00.123456789Z\"",
            "\"2026-13-01T00:00:00Z\"", "\"2026-01-31\"", "\"" + CONVERSATION + "\"", "{}", "{\"k\":\"v\"}", "{\"k\":null}",
            "{\"k\":1}", "{\"k\":\"v\",\"k\":\"w\"}", "{\"a\":\"1\",\"b\":\"\\u0000\\ud800\"}", "[]", "[\"a\"]",
            "\"line\\nbreak \\\"quoted\\\" \\u00e9 \\ud83d\\ude00\"", "\"\\u0000\"", "\"\\ud800\"", "\"é中\"");
    private static final List<String> OTHER_COMMANDS = List.of(
            "{\"type\":\"startConversation\",\"conversation\":{\"kind\":\"support\",\"title\":\"Refund\"}}",
            "{\"type\":\"updateConversation\",\"conversationId\":\"" + CONVERSATION + "\",\"changes\":{\"status\":\"resolved\"}}",
            "{\"type\":\"markRead\",\"conversationId\":\"" + CONVERSATION + "\",\"read\":{\"userId\":\"u-1\",\"upToSeq\":3}}",
            "{\"conversationId\":\"" + CONVERSATION + "\",\"type\":\"postMessage\",\"message\":{\"senderRole\":\"user\",\"content\":\"hi\"}}",
            "{\"type\":\"deleteMessage\",\"conversationId\":\"" + CONVERSATION + "\",\"messageId\":\"" + CONVERSATION + "\"}",
            "{\"type\":\"markRead\",\"conversationId\":\"" + CONVERSATION + "\",\"read\":{\"userId\":7}}");

    private static String post(String conversationId, String message) {
        return "{\"type\":\"postMessage\",\"conversationId\":" + (conversationId.startsWith("\"") ? conversationId : "\"" + conversationId + "\"")
                + ",\"message\":" + message + "}";
    }

    /** A message with some of its optional fields, in a random order; {@code odd}: nulls and unusual texts too. */
    private static String message(SplittableRandom random, boolean odd) {
        List<String> fields = new ArrayList<>();
        fields.add("\"senderRole\":" + pick(random, List.of("\"user\"", "\"agent\"", "\"assistant\"", "\"admin\"", "\"system\"")));
        fields.add("\"content\":" + pick(random, List.of("\"Where is my parcel?\"", "\"é中 \\ud83d\\ude00 \\\"quoted\\\"\"",
                "\"line\\nbreak\\ttab\"", "\"x\"")));
        optional(random, odd, fields, "id", "\"" + CONVERSATION + "\"");
        optional(random, odd, fields, "senderId", "\"customer-17\"");
        optional(random, odd, fields, "contentType", "\"text/markdown\"");
        optional(random, odd, fields, "tokensUsed", String.valueOf(random.nextInt(0, 5_000)));
        optional(random, odd, fields, "model", "\"gpt-4o-mini\"");
        optional(random, odd, fields, "replyTo", "\"" + CONVERSATION + "\"");
        optional(random, odd, fields, "attributes", pick(random, List.of("{}", "{\"channel\":\"email\"}", "{\"a\":\"1\",\"b\":\"2\"}")));
        optional(random, odd, fields, "occurredAt", pick(random, List.of("\"2026-01-31T12:00:00Z\"", "\"2026-01-31T12:00:00.5Z\"")));
        for (int i = fields.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String swap = fields.get(i);
            fields.set(i, fields.get(j));
            fields.set(j, swap);
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static void optional(SplittableRandom random, boolean odd, List<String> fields, String name, String value) {
        int pick = random.nextInt(3);
        if (pick == 0) {
            fields.add("\"" + name + "\":" + value);
        } else if (pick == 1 && odd) {
            fields.add("\"" + name + "\":null");
        }
    }

    private static byte[] body(String items) {
        return ("{\"commands\":[" + items + "]}").getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T pick(SplittableRandom random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
