package dev.threadline.stats.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Role;
import dev.threadline.schemas.topics.DeadLetterHeaders;
import dev.threadline.stats.config.StatsConfig;
import dev.threadline.testkit.ConversationEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void undecodableRecordIsDeadLetteredAndTheStreamGoesOn() {
        // TopologyTestDriver drops the dead letters of a deserialization handler under exactly-once (it does not
        // commit them); on a real broker they are written in the task's transaction, as StatsPipelineIT checks.
        try (TopologyHarness stats = TopologyHarness.start(StatsConfig.defaults(),
                Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE,
                        StreamsConfig.APPLICATION_ID_CONFIG, "dead-letter-test"))) {
            // Given a record that is not Avro single-object encoding, between two good ones
            stats.send(ConversationEvents.started("c-1", T));
            stats.rawEvents.pipeInput("c-2".getBytes(StandardCharsets.UTF_8), "not avro at all".getBytes(StandardCharsets.UTF_8));
            stats.send(ConversationEvents.started("c-3", T.plusSeconds(1)));

            // Then it is dead-lettered as it arrived, with the reason and its origin
            TestRecord<byte[], byte[]> dead = stats.deadLetters.readRecord();
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
            assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("c-2");
            assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("malformed");
            assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("conversation-events");
            assertThat(header(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("1");
            assertThat(header(dead.headers(), DeadLetterHeaders.CONSUMER)).isEqualTo("stats-streams");
            assertThat(header(dead.headers(), DeadLetterHeaders.APPLICATION)).isEqualTo("dead-letter-test");
            // And both good records were processed
            assertThat(stats.latestMetrics()).containsKeys("c-1", "c-3");
        }
    }

    @Test
    void eventUnderAnotherConversationsKeyIsDeadLettered() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given an event keyed by another conversation's id
            stats.events.pipeInput("c-other", ConversationEvents.started("c-1", T));
            stats.send(ConversationEvents.started("c-2", T));

            // Then it is dead-lettered with its original bytes and counted nowhere
            TestRecord<byte[], byte[]> dead = stats.deadLetters.readRecord();
            assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("key-mismatch");
            assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("c-other");
            assertThat(stats.latestMetrics()).containsOnlyKeys("c-2");
        }
    }

    @Test
    void eventOfAnotherTenantThanItsConversationsIsDeadLetteredAndCountsNowhere() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given acme's conversation, when a message of another tenant arrives for it
            stats.send(ConversationEvents.withTenant(ConversationEvents.started("c-1", T), "acme"),
                    ConversationEvents.withTenant(ConversationEvents.posted("c-1", "m-1", Role.user, "forged", T.plusSeconds(1)), "globex"));

            // Then it is dead-lettered saying why, and the conversation counts no message
            TestRecord<byte[], byte[]> dead = stats.deadLetters.readRecord();
            assertThat(header(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("tenant-mismatch");
            var metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getUserMessages()).isZero();
            assertThat(metrics.getTenant()).isEqualTo("acme");
        }
    }

    private static String header(Headers headers, String name) {
        return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
