package dev.threadline.thread.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.serde.EventDecodingException;
import dev.threadline.schemas.topics.DeadLetterReasons;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.thread.service.EventRecord;
import dev.threadline.thread.service.RejectedRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

/**
 * The part of a poll that is applied as one transaction: at most {@code limit} records, taken from the head of each
 * partition so that every partition's order is kept, decoded into events or rejected records. Values are decoded
 * here, so an undecodable record becomes a dead letter instead of an exception out of {@code poll}.
 *
 * @param events      decoded events, in partition order
 * @param rejected    records that cannot be decoded, for the dead-letter topic
 * @param nextOffsets per partition taken from, the offset after its last taken record
 * @param untaken     per partition with records left out, the offset of the first of them (to seek back to)
 * @param size        records taken
 * @param oldestTimestamp the earliest Kafka timestamp of the records taken (-1: none)
 * @param newestTimestamp the latest Kafka timestamp of the records taken (-1: none)
 */
record PolledBatch(List<EventRecord> events, List<RejectedRecord> rejected, Map<TopicPartition, Long> nextOffsets,
                   Map<TopicPartition, Long> untaken, int size, long oldestTimestamp, long newestTimestamp) {

    static PolledBatch decode(ConsumerRecords<String, byte[]> records, int limit) {
        List<EventRecord> events = new ArrayList<>(Math.min(limit, records.count()));
        List<RejectedRecord> rejected = new ArrayList<>();
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        Map<TopicPartition, Long> untaken = new HashMap<>();
        int taken = 0;
        long oldest = Long.MAX_VALUE;
        long newest = -1;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, byte[]> record : records.records(partition)) {
                if (taken == limit) {
                    untaken.putIfAbsent(partition, record.offset());
                    continue;
                }
                decode(record, events, rejected);
                nextOffsets.put(partition, record.offset() + 1);
                oldest = Math.min(oldest, record.timestamp());
                newest = Math.max(newest, record.timestamp());
                taken++;
            }
        }
        return new PolledBatch(events, rejected, nextOffsets, untaken, taken, taken == 0 ? -1 : oldest, newest);
    }

    private static void decode(ConsumerRecord<String, byte[]> record, List<EventRecord> events, List<RejectedRecord> rejected) {
        if (record.value() == null) {
            rejected.add(new RejectedRecord(record, DeadLetterReasons.TOMBSTONE, "conversation-events carries no tombstones"));
            return;
        }
        try {
            ConversationEvent event = Topics.CONVERSATION_EVENTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (!Objects.equals(record.key(), event.getConversationId())) {
                rejected.add(new RejectedRecord(record, DeadLetterReasons.KEY_MISMATCH,
                        "key %s is not the conversation id %s".formatted(record.key(), event.getConversationId())));
            } else {
                events.add(new EventRecord(record, event));
            }
        } catch (EventDecodingException e) {
            rejected.add(new RejectedRecord(record, e.reason(), e.getMessage()));
        }
    }
}
