package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
import dev.threadline.localstack.TopicReader;
import dev.threadline.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the fuzz suite sent and what was answered, to check afterwards that nothing of a rejected request reached
 * Kafka or PostgreSQL: every event written to conversation-events since {@link #begin} belongs to a conversation some
 * accepted request named, none to a rejected request's marker; no rejected request's Idempotency-Key is stored, and
 * every accepted one's is.
 */
final class PublishLedger {

    private final Set<String> accepted = new HashSet<>();
    private final Set<String> rejected = new HashSet<>();
    private final Set<String> acceptedKeys = new HashSet<>();
    private final Set<String> rejectedKeys = new HashSet<>();
    private Map<TopicPartition, Long> since = Map.of();

    void begin(TopicReader topic) {
        since = topic.endOffsets(Topics.CONVERSATION_EVENTS);
    }

    void accepted(String conversationId, String key) {
        accepted.add(conversationId);
        if (key != null) {
            acceptedKeys.add(key);
        }
    }

    void rejected(String conversationId, String key) {
        rejected.add(conversationId);
        if (key != null) {
            rejectedKeys.add(key);
        }
    }

    /** Records a conversation the service may publish for although the answer did not name it (an intake record). */
    void expectEventsOf(String conversationId) {
        accepted.add(conversationId);
    }

    void assertNothingRejectedWasPublishedOrStored(TopicReader topic, Map<String, String> database) {
        List<ConsumerRecord<String, ConversationEvent>> events = topic.readSince(Topics.CONVERSATION_EVENTS, since, Duration.ofSeconds(30));
        assertThat(events).extracting(ConsumerRecord::key)
                .as("conversations of events published while fuzzing, against the ones rejected")
                .doesNotContainAnyElementsOf(rejected)
                .allMatch(accepted::contains, "a conversation an accepted request named");
        assertThat(storedKeys(database, rejectedKeys)).as("Idempotency-Keys of rejected requests in PostgreSQL").isEmpty();
        assertThat(storedKeys(database, acceptedKeys)).as("Idempotency-Keys of accepted requests").hasSameSizeAs(acceptedKeys);
    }

    private static Set<String> storedKeys(Map<String, String> database, Set<String> keys) {
        Set<String> stored = new HashSet<>();
        try (Connection connection = DriverManager.getConnection(database.get("datasources.default.url"),
                database.get("datasources.default.username"), database.get("datasources.default.password"));
             PreparedStatement select = connection.prepareStatement(
                     "SELECT idempotency_key FROM ingest.idempotency_keys WHERE idempotency_key = ANY (?)")) {
            select.setArray(1, connection.createArrayOf("text", keys.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    stored.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new AssertionError("Cannot read the idempotency store", e);
        }
        return stored;
    }
}
