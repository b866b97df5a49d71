package dev.threadline.thread.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.serde.EventDecodingException;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.thread.config.ThreadKafkaConfig;
import dev.threadline.thread.persistence.OffsetStore;
import dev.threadline.thread.persistence.StaleBatchException;
import dev.threadline.thread.service.ConversationProjection;
import dev.threadline.thread.service.EventRecord;
import dev.threadline.thread.service.RejectedRecord;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes conversation-events on its own thread and hands each polled batch to the projection;
 * {@link ConversationEventConsumers} runs as many as configured.
 * Offsets live in PostgreSQL, written with the data: on assignment the consumer seeks to them,
 * and Kafka's committed offsets are never used. Values are read as bytes and decoded here, so an
 * undecodable record becomes a dead letter instead of an exception out of {@code poll}.
 */
final class ConversationEventConsumer extends PollingConsumer<String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(ConversationEventConsumer.class);

    private final ThreadKafkaConfig config;
    private final ConversationProjection projection;
    private final OffsetStore offsets;

    ConversationEventConsumer(int number, ThreadKafkaConfig config, ConversationProjection projection, OffsetStore offsets) {
        super(Topics.CONVERSATION_EVENTS.name(), number, Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                        // Only events of committed producer transactions are applied.
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer(), config.pollTimeout(), config.retryBackoff());
        this.config = config;
        this.projection = projection;
        this.offsets = offsets;
        start();
    }

    @Override
    void handle(ConsumerRecords<String, byte[]> records) {
        List<EventRecord> events = new ArrayList<>(records.count());
        List<RejectedRecord> rejected = new ArrayList<>();
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            decode(record, events, rejected);
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            firstOffsets.putIfAbsent(partition, record.offset());
            nextOffsets.put(partition, record.offset() + 1);
        }
        try {
            projection.apply(config.groupId(), events, rejected, firstOffsets, nextOffsets);
        } catch (StaleBatchException e) {
            LOG.warn("{}; resuming from the stored offsets", e.getMessage());
            onPartitionsAssigned(records.partitions());
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Batch of {} records not applied, retrying in {}: {}", records.count(), retryBackoff(), e.toString());
            rewind(records);
            pause();
        }
    }

    private static void decode(ConsumerRecord<String, byte[]> record, List<EventRecord> events, List<RejectedRecord> rejected) {
        if (record.value() == null) {
            rejected.add(new RejectedRecord(record, "tombstone", "conversation-events carries no tombstones"));
            return;
        }
        try {
            ConversationEvent event = Topics.CONVERSATION_EVENTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
            if (!Objects.equals(record.key(), event.getConversationId())) {
                rejected.add(new RejectedRecord(record, "key-mismatch",
                        "key %s is not the conversation id %s".formatted(record.key(), event.getConversationId())));
            } else {
                events.add(new EventRecord(record, event));
            }
        } catch (EventDecodingException e) {
            rejected.add(new RejectedRecord(record, e.reason(), e.getMessage()));
        }
    }

    private void rewind(ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).getFirst().offset());
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        try {
            Map<TopicPartition, Long> stored = offsets.load(config.groupId(), partitions);
            List<TopicPartition> fresh = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                Long next = stored.get(partition);
                if (next == null) {
                    fresh.add(partition);
                } else {
                    consumer.seek(partition, next);
                }
            }
            if (!fresh.isEmpty()) {
                // Careful: an empty list would mean "every assigned partition" to Kafka.
                consumer.seekToBeginning(fresh);
            }
        } catch (SQLException e) {
            // Without our stored position we must not guess one; fail the poll and rejoin.
            throw new IllegalStateException("Cannot load stored offsets for " + partitions, e);
        }
    }
}
