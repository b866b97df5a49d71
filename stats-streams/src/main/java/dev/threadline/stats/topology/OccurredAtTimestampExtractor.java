package dev.threadline.stats.topology;

import dev.threadline.events.ConversationEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time for stats-streams: the envelope's {@code occurred_at}, not the time Kafka stored the record, so windows
 * hold what happened in them however late it was delivered. A record without an event (a tombstone, which is
 * dead-lettered downstream) keeps the partition's current stream time, so it cannot move stream time.
 */
public final class OccurredAtTimestampExtractor implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof ConversationEvent event) {
            return event.getOccurredAt().toEpochMilli();
        }
        return Math.max(partitionTime, 0);
    }
}
