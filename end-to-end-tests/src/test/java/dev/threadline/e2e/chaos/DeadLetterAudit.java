package dev.threadline.e2e.chaos;

import dev.threadline.e2e.stats.TopicTail;
import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.topics.Topic;
import dev.threadline.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Looks for good events on a dead-letter topic: records written since the run began whose value is an event that
 * ingest acknowledged. Every acknowledged event of the chaos load is valid, so any such record is a transient failure
 * (a database restart, a broker failover) that was mistaken for a bad event.
 */
public final class DeadLetterAudit {

    /** What one dead-letter topic received during the run. */
    public record Findings(long total, long acknowledgedEvents, Map<String, Long> reasons) {
    }

    private DeadLetterAudit() {
    }

    public static Findings audit(String bootstrapServers, Topic<byte[], byte[]> deadLetters, Map<TopicPartition, Long> from,
                          Set<String> acknowledgedEventIds) {
        var events = Topics.CONVERSATION_EVENTS;
        long total = 0;
        long good = 0;
        Map<String, Long> reasons = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : TopicTail.readFrom(bootstrapServers, deadLetters, from)) {
            total++;
            var reason = record.headers().lastHeader(dev.threadline.schemas.topics.DeadLetterHeaders.REASON);
            reasons.merge(reason == null ? "none" : new String(reason.value(), StandardCharsets.UTF_8), 1L, Long::sum);
            try {
                ConversationEvent event = events.valueSerde().deserializer().deserialize(events.name(), record.value());
                if (acknowledgedEventIds.contains(event.getEventId())) {
                    good++;
                }
            } catch (RuntimeException e) {
                // not an event at all: rightly dead-lettered, and not one of ours
            }
        }
        return new Findings(total, good, reasons);
    }
}
