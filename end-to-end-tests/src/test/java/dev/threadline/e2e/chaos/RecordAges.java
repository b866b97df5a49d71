package dev.threadline.e2e.chaos;

import dev.threadline.schemas.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer's lag in time: how long ago the oldest record of conversation-events it has not applied yet was produced
 * (now minus the record's timestamp, which ingest's producer set when it sent the record). Per partition that is the
 * first committed record at or after the consumer's position; the lag is the largest over the partitions. A consumer
 * whose positions are past every committed record (only transaction markers or open transactions left) lags 0 ms.
 *
 * <p>Each call seeks to the given positions and reads one record batch of each partition that is behind, so it costs
 * the broker a few small fetches, not a read of the backlog.
 */
final class RecordAges implements AutoCloseable {

    private static final Duration READ_AT_MOST = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;

    RecordAges(String bootstrapServers) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "record-ages-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                // One record batch per partition and fetch is enough to know its first record's time.
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Milliseconds since the oldest committed record at or after {@code positions} (a partition not named: from 0) and
     * before {@code end} was produced; 0 if there is none; -1 if the broker could not be read.
     */
    long oldestMillis(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> end) {
        List<TopicPartition> behind = end.keySet().stream()
                .filter(p -> p.topic().equals(Topics.CONVERSATION_EVENTS.name()))
                .filter(p -> positions.getOrDefault(p, 0L) < end.get(p)).toList();
        if (behind.isEmpty()) {
            return 0;
        }
        try {
            consumer.assign(behind);
            consumer.resume(behind);
            behind.forEach(p -> consumer.seek(p, positions.getOrDefault(p, 0L)));
            Map<TopicPartition, Long> firstTimestamps = new HashMap<>();
            Set<TopicPartition> open = new HashSet<>(behind);
            long deadline = System.nanoTime() + READ_AT_MOST.toNanos();
            while (!open.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(partition)) {
                        firstTimestamps.putIfAbsent(partition, record.timestamp());
                    }
                    open.remove(partition);
                }
                // A partition read up to the end without a record had only transaction markers left.
                open.removeIf(p -> consumer.position(p, Duration.ofMillis(100)) >= end.get(p));
                consumer.pause(behind.stream().filter(p -> !open.contains(p)).toList());
            }
            long now = System.currentTimeMillis();
            return firstTimestamps.values().stream().mapToLong(t -> Math.max(0, now - t)).max().orElse(0);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
