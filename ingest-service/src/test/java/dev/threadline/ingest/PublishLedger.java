package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.FuzzRun;
import dev.threadline.testkit.TopicReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What the fuzz suite sent and what was answered, to check afterwards against what reached Kafka and PostgreSQL:
 * every event a 202 acknowledged is on conversation-events exactly once, at the partition and offset the answer gave;
 * every event written there since {@link #begin} was acknowledged, so none is a rejected request's (or a rejected
 * batch item's); no rejected request's Idempotency-Key is stored, and every accepted one's is.
 */
final class PublishLedger {

    /** An event a 202 acknowledged, and the request that got the 202. */
    private record Acknowledged(String eventId, int partition, long offset, String request) {
    }

    private final Map<String, Acknowledged> acknowledged = new HashMap<>();
    private final Map<String, String> rejected = new HashMap<>();
    private final Set<String> acceptedKeys = new HashSet<>();
    private final Set<String> rejectedKeys = new HashSet<>();
    private Map<TopicPartition, Long> since = Map.of();

    void begin(TopicReader topic) {
        since = topic.endOffsets(Topics.CONVERSATION_EVENTS);
    }

    /** The events of an accepted command, as its answer lists them ({@code eventId}, {@code partition}, {@code offset}). */
    void accepted(List<Map<String, Object>> events, String key, String request) {
        for (Map<String, Object> event : events) {
            String eventId = (String) event.get("eventId");
            acknowledged.put(eventId, new Acknowledged(eventId, ((Number) event.get("partition")).intValue(),
                    ((Number) event.get("offset")).longValue(), request));
        }
        if (key != null) {
            acceptedKeys.add(key);
        }
    }

    /** A rejected request or batch item, by the conversation id it is the marker of. */
    void rejected(String conversationId, String key, String request) {
        rejected.put(conversationId, request);
        if (key != null) {
            rejectedKeys.add(key);
        }
    }

    void assertEachAcknowledgedEventPublishedOnceAndNothingRejected(TopicReader topic, Map<String, String> database, FuzzRun run) {
        Map<TopicPartition, Long> acknowledgedEnds = new HashMap<>();
        acknowledged.values().forEach(ack -> acknowledgedEnds.merge(
                new TopicPartition(Topics.CONVERSATION_EVENTS.name(), ack.partition()), ack.offset() + 1, Math::max));
        List<ConsumerRecord<String, ConversationEvent>> events = topic.readSince(Topics.CONVERSATION_EVENTS, since,
                acknowledgedEnds, Duration.ofSeconds(30));
        Map<String, List<ConsumerRecord<String, ConversationEvent>>> byId = new HashMap<>();
        events.forEach(event -> byId.computeIfAbsent(event.value().getEventId(), id -> new ArrayList<>()).add(event));
        List<String> wrong = new ArrayList<>();
        acknowledged.values().forEach(ack -> {
            List<ConsumerRecord<String, ConversationEvent>> copies = byId.getOrDefault(ack.eventId(), List.of());
            if (copies.size() != 1 || copies.getFirst().partition() != ack.partition() || copies.getFirst().offset() != ack.offset()) {
                wrong.add("event %s acknowledged at %d/%d is on the topic %s, for %s".formatted(ack.eventId(), ack.partition(), ack.offset(),
                        copies.stream().map(copy -> copy.partition() + "/" + copy.offset()).toList(), ack.request()));
            }
        });
        events.stream().filter(event -> !acknowledged.containsKey(event.value().getEventId())).forEach(event ->
                wrong.add("event %s of conversation %s at %d/%d was never acknowledged%s".formatted(event.value().getEventId(),
                        event.key(), event.partition(), event.offset(),
                        rejected.containsKey(event.key()) ? ", for the rejected " + rejected.get(event.key()) : "")));
        assertThat(wrong).as("%s: events published while fuzzing, against the answers", run).isEmpty();
        assertThat(storedKeys(database, rejectedKeys)).as("%s: Idempotency-Keys of rejected requests in PostgreSQL", run).isEmpty();
        assertThat(storedKeys(database, acceptedKeys)).as("%s: Idempotency-Keys of accepted requests", run).hasSameSizeAs(acceptedKeys);
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
