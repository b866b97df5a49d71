package dev.threadline.ingest.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.ingest.command.BatchResult;
import dev.threadline.ingest.command.PublishedEvent;
import dev.threadline.problem.Problem.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import io.micronaut.serde.annotation.Serdeable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@link BatchResultSerializer} must write what the generated serializer writes for the same record:
 * compared with a twin record that keeps the generic path, over accepted, rejected and forbidden items with every
 * optional part present or absent; and what it writes reads back as the same result (the idempotency store keeps a
 * keyed batch's answer as JSON and replays it).
 */
class BatchResultSerializerTest {

    private static ObjectMapper.CloseableObjectMapper mapper;

    /** BatchResult's twin, serialized the generic way. */
    @Serdeable
    record GenericResult(int index, int status, @Nullable String conversationId, @Nullable String messageId,
                         @Nullable List<PublishedEvent> events, @Nullable List<FieldError> errors) {

        static GenericResult of(BatchResult r) {
            return new GenericResult(r.index(), r.status(), r.conversationId(), r.messageId(), r.events(), r.errors());
        }
    }

    @BeforeAll
    static void mapper() {
        mapper = ObjectMapper.create(Map.of(), "dev.threadline.ingest.api");
    }

    @AfterAll
    static void close() throws Exception {
        mapper.close();
    }

    @Test
    void batchResultsGoThroughTheHandWrittenSerializer() throws Exception {
        assertThat(mapper.getSerdeRegistry().findSerializer(Argument.of(BatchResult.class)))
                .isInstanceOf(BatchResultSerializer.class);
    }

    @Test
    void theTwinHasTheSameComponentsAsBatchResult() {
        assertThat(components(GenericResult.class)).isEqualTo(components(BatchResult.class));
    }

    @Test
    void writesWhatTheGenericSerializerWritesAndReadsBack() throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        List<BatchResult> all = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            BatchResult result = result(random, i);
            all.add(result);
            String hand = mapper.writeValueAsString(result);
            assertThat(hand).as("result %d", i).isEqualTo(mapper.writeValueAsString(GenericResult.of(result)));
            assertThat(mapper.readValue(hand, BatchResult.class)).as("result %d read back", i).isEqualTo(readBack(result));
        }
        // And a whole batch's answer goes through it too.
        String list = mapper.writeValueAsString(Argument.listOf(BatchResult.class), all.subList(0, 50));
        assertThat(list).isEqualTo(mapper.writeValueAsString(Argument.listOf(GenericResult.class),
                all.subList(0, 50).stream().map(GenericResult::of).toList()));
    }

    /** What the generic reader makes of a result: empty lists and texts are left out, so they read back as null. */
    private static BatchResult readBack(BatchResult r) {
        return new BatchResult(r.index(), r.status(), emptyToNull(r.conversationId()), emptyToNull(r.messageId()),
                r.events() == null || r.events().isEmpty() ? null : r.events().stream()
                        .map(e -> new PublishedEvent(emptyToNull(e.eventId()), emptyToNull(e.type()), e.partition(), e.offset()))
                        .toList(),
                r.errors() == null || r.errors().isEmpty() ? null : r.errors());
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static BatchResult result(SplittableRandom random, int index) {
        return switch (random.nextInt(4)) {
            case 0 -> BatchResult.rejected(index, errors(random));
            case 1 -> BatchResult.forbidden(index, text(random));
            case 2 -> new BatchResult(index, random.nextInt(100, 600), maybe(random, text(random)), maybe(random, text(random)),
                    random.nextBoolean() ? null : events(random), random.nextBoolean() ? null : errors(random));
            default -> new BatchResult(index, 202, text(random), maybe(random, text(random)), events(random), null);
        };
    }

    private static List<PublishedEvent> events(SplittableRandom random) {
        List<PublishedEvent> events = new ArrayList<>();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            events.add(new PublishedEvent(text(random), random.nextBoolean() ? "MessagePosted" : text(random),
                    random.nextInt(-1, 64), random.nextBoolean() ? random.nextLong(0, Long.MAX_VALUE) : random.nextInt(100)));
        }
        return events;
    }

    private static List<FieldError> errors(SplittableRandom random) {
        List<FieldError> errors = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            errors.add(new FieldError(maybe(random, text(random)), text(random)));
        }
        return errors;
    }

    private static String text(SplittableRandom random) {
        return switch (random.nextInt(6)) {
            case 0 -> "";
            case 1 -> "line\nbreak \"quoted\" back\\slash \u0001 tab\t";
            case 2 -> "\u00e9\u00e8 \u4e2d\u6587 \ud83d\ude00 \u2028";
            default -> "0192f0c4-" + Integer.toHexString(random.nextInt());
        };
    }

    private static String maybe(SplittableRandom random, String value) {
        return random.nextBoolean() ? null : value;
    }

    private static List<String> components(Class<?> type) {
        return Arrays.stream(type.getRecordComponents()).map(c -> c.getName() + ":" + c.getGenericType()).toList();
    }
}
