package dev.threadline.thread.view;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@link MessageViewSerializer} must write what the generated serializer writes for the same record:
 * compared with a twin record that keeps the generic path, over messages with every optional part present or absent.
 */
class MessageViewSerializerTest {

    private static ObjectMapper.CloseableObjectMapper mapper;

    /** MessageView's twin, serialized the generic way. */
    @Serdeable
    record GenericView(String id, String conversationId, long seq, @Nullable String senderId, String senderRole,
                       String content, String contentType, @Nullable Integer tokensUsed, @Nullable String model,
                       @Nullable String replyTo, Map<String, String> attributes, Instant createdAt, Instant ingestedAt,
                       @Nullable Instant editedAt) {

        static GenericView of(MessageView m) {
            return new GenericView(m.id(), m.conversationId(), m.seq(), m.senderId(), m.senderRole(), m.content(),
                    m.contentType(), m.tokensUsed(), m.model(), m.replyTo(), m.attributes(), m.createdAt(), m.ingestedAt(),
                    m.editedAt());
        }
    }

    @BeforeAll
    static void mapper() {
        mapper = ObjectMapper.create(Map.of(), "dev.threadline.thread.view");
    }

    @AfterAll
    static void close() throws Exception {
        mapper.close();
    }

    @Test
    void messageViewsGoThroughTheHandWrittenSerializer() throws Exception {
        assertThat(mapper.getSerdeRegistry().findSerializer(Argument.of(MessageView.class)))
                .isInstanceOf(MessageViewSerializer.class);
    }

    @Test
    void theTwinHasTheSameComponentsAsMessageView() {
        assertThat(components(GenericView.class)).isEqualTo(components(MessageView.class));
    }

    @Test
    void writesWhatTheGenericSerializerWrites() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            MessageView message = message(random);
            String hand = mapper.writeValueAsString(message);
            assertThat(hand).as("message %d", i).isEqualTo(mapper.writeValueAsString(GenericView.of(message)));
        }
        // And a page goes through it too
        MessageView one = message(random);
        assertThat(mapper.writeValueAsString(new MessagePage(List.of(one), 3L, null)))
                .contains(mapper.writeValueAsString(GenericView.of(one)));
    }

    @Test
    void formatsInstantsAsIsoInstantDoes() {
        SplittableRandom random = new SplittableRandom(11);
        List<Instant> edges = List.of(Instant.EPOCH, Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.ofEpochSecond(-1, 1), Instant.ofEpochSecond(0, 1_000),
                Instant.ofEpochSecond(0, 1_000_000), Instant.ofEpochSecond(0, 100_000_000), Instant.MIN, Instant.MAX,
                Instant.parse("2024-02-29T12:34:56.789Z"));
        for (Instant instant : edges) {
            assertThat(IsoInstants.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
        for (int i = 0; i < 200_000; i++) {
            Instant instant = instant(random);
            assertThat(IsoInstants.format(instant)).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
        }
    }

    private static MessageView message(SplittableRandom random) {
        Map<String, String> attributes = switch (random.nextInt(3)) {
            case 0 -> Map.of();
            case 1 -> Map.of("channel", "email", "quote", "\"x\" \\ \u00e9\u4e2d\ud83d\ude00", "empty", "");
            default -> Map.of("k", text(random));
        };
        return new MessageView(text(random), text(random), random.nextLong(1, Long.MAX_VALUE), maybe(random, text(random)),
                text(random), text(random), "text/plain", random.nextBoolean() ? null : random.nextInt(-5, 100_000),
                maybe(random, "gpt-test"), maybe(random, text(random)), attributes, instant(random), instant(random),
                random.nextBoolean() ? null : instant(random));
    }

    private static String text(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "line\nbreak \"quoted\" back\\slash \u0001 tab\t";
            case 2 -> "\u00e9\u00e8 \u4e2d\u6587 \ud83d\ude00 \u2028";
            default -> "text " + random.nextInt();
        };
    }

    private static String maybe(SplittableRandom random, String value) {
        return random.nextBoolean() ? null : value;
    }

    private static Instant instant(SplittableRandom random) {
        long second = random.nextLong(Instant.parse("0000-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() + 1);
        int nano = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(second, nano);
    }

    private static List<String> components(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName() + ":" + c.getGenericType()).toList();
    }
}
