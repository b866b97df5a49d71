package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.ingest.IntakeRecords.IntakeRecord;
import dev.threadline.schemas.topics.DeadLetterHeaders;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.FuzzRun;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TestProperties;
import dev.threadline.testkit.TopicReader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generated records on the Kafka intake ({@link IntakeRecords}), produced to the real broker under one key, so one
 * partition takes them in order, with a valid record after them: the intake must reach that one (a bad record never
 * stops it), dead-letter every bad record with its reason (and, for a broken rule, the field in the detail), and
 * publish events for the valid ones only.
 *
 * <p>Each run draws its records from a new seed, which a failure names; {@code -Dfuzz.seed=<seed>} replays them and
 * {@code -Dfuzz.tries=<n>} produces n records instead of 500 ({@link FuzzRun}).
 */
class IntakeFuzzIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static EmbeddedServer server;
    private static TopicReader topics;
    private static KafkaProducer<byte[], byte[]> producer;

    private final String key = "intake-fuzz-" + UUID.randomUUID();
    /** Each record produced, by its offset, with the index of its case. */
    private final Map<Long, Produced> produced = new HashMap<>();
    private Map<TopicPartition, Long> eventsSince;
    private Map<TopicPartition, Long> deadLettersSince;

    @BeforeAll
    static void startIngest() {
        Map<String, Object> settings = new HashMap<>(TestProperties.service("ingest_intake_fuzz_it"));
        settings.put("micronaut.environments", "test");
        server = ApplicationContext.run(EmbeddedServer.class, settings);
        String bootstrapServers = TestInfrastructure.shared().kafkaBootstrapServers();
        topics = new TopicReader(bootstrapServers);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stopIngest() {
        producer.close();
        topics.close();
        server.getApplicationContext().close();
    }

    @BeforeEach
    void rememberWhereTheTopicsEnd() {
        eventsSince = topics.endOffsets(Topics.CONVERSATION_EVENTS);
        deadLettersSince = topics.endOffsets(Topics.CONVERSATION_COMMANDS_DLQ);
    }

    @Test
    void aRecordWithOneThingChangedIsExecutedOrDeadLetteredWithItsReason() {
        FuzzRun run = FuzzRun.of("IntakeFuzzIT records", 500);
        run.check(IntakeRecords.records(), record -> produced.put(produce(record.value()), new Produced(produced.size(), record)));
        everyRecordHadItsFateAndTheIntakeWentOn(run);
    }

    private record Produced(int index, IntakeRecord record) {
    }

    private void everyRecordHadItsFateAndTheIntakeWentOn(FuzzRun run) {
        // Given a valid record after the generated ones, in their partition
        String last = UUID.randomUUID().toString();
        produce(IntakeRecords.encoded(IntakeRecords.valid(last)));

        // When the intake executed it
        assertThat(topics.readAll(Topics.CONVERSATION_EVENTS, event -> last.equals(event.key()), 1, WAIT))
                .as("%s: the valid record after %d generated ones was executed", run, produced.size()).hasSize(1);

        // Then every generated record before it was dead-lettered with its reason, or executed, as it should have been
        Map<Long, ConsumerRecord<byte[], byte[]>> deadLetters = topics.readSince(Topics.CONVERSATION_COMMANDS_DLQ, deadLettersSince, WAIT)
                .stream().filter(letter -> key.equals(new String(letter.key(), StandardCharsets.UTF_8)))
                .collect(Collectors.toMap(letter -> Long.parseLong(header(letter, DeadLetterHeaders.SOURCE_OFFSET)), letter -> letter));
        Set<String> published = topics.readSince(Topics.CONVERSATION_EVENTS, eventsSince, WAIT).stream()
                .map(ConsumerRecord::key).collect(Collectors.toSet());
        List<String> wrong = new ArrayList<>();
        produced.forEach((offset, entry) -> {
            IntakeRecord record = entry.record();
            ConsumerRecord<byte[], byte[]> letter = deadLetters.get(offset);
            String fate = letter == null ? (published.contains(record.conversationId()) ? "executed" : "lost")
                    : "dead letter '" + header(letter, DeadLetterHeaders.REASON) + "': " + header(letter, DeadLetterHeaders.DETAIL);
            boolean right = record.reason() == null ? letter == null && published.contains(record.conversationId())
                    : letter != null && record.reason().equals(header(letter, DeadLetterHeaders.REASON))
                    && (record.field() == null || header(letter, DeadLetterHeaders.DETAIL).contains(record.field() + ": "))
                    && !published.contains(record.conversationId());
            if (!right) {
                wrong.add("record %d (offset %d): %s%n  but %s".formatted(entry.index(), offset, record, fate));
            }
        });
        assertThat(wrong).as("%s: records whose fate was not the documented one", run).isEmpty();
    }

    private long produce(byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(Topics.CONVERSATION_COMMANDS.name(), key.getBytes(StandardCharsets.UTF_8), value))
                    .get().offset();
        } catch (ExecutionException e) {
            throw new AssertionError("Kafka did not take the record", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
