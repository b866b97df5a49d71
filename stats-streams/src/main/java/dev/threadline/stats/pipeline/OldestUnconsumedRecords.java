package dev.threadline.stats.pipeline;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer group's lag in time: how long ago the oldest record it has not consumed yet was produced (now minus the
 * record's timestamp, which ingest's producer set when it sent it). Per partition that is the first committed record
 * at or after the group's position; the lag is the largest over the partitions. A group whose positions are past
 * every committed record (only transaction markers or open transactions left) is 0 ms behind.
 *
 * <p>Each call seeks to the given positions and reads one record batch of each partition that is behind, so it costs
 * the broker a few small fetches, not a read of the backlog. It joins no group and commits nothing. Not thread-safe.
 * The chaos suite measures its lags in time with it too.
 */
public final class OldestUnconsumedRecords implements AutoCloseable {

    private static final Duration READ_AT_MOST = Duration.ofSeconds(1);

    private final KafkaConsumer<byte[], byte[]> consumer;

    /** @param clientSettings where the brokers are and how to log in to them */
    public OldestUnconsumedRecords(Map<String, Object> clientSettings) {
        Map<String, Object> settings = new HashMap<>(clientSettings);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // A committed offset the log's retention has passed: its oldest record is the log's first.
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One record batch per partition and fetch is enough to know its first record's time.
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1);
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        this.consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * Milliseconds since the oldest committed record at or after {@code positions} and before {@code end} was
     * produced; 0 if there is none; null if it could not be read within {@link #READ_AT_MOST}.
     */
    public Long oldestMillis(Map<TopicPartition, Long> positions, Map<TopicPartition, Long> end) {
        List<TopicPartition> behind = end.keySet().stream()
                .filter(p -> positions.getOrDefault(p, 0L) < end.get(p)).toList();
        if (behind.isEmpty()) {
            return 0L;
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
            if (!open.isEmpty()) {
                return null;
            }
            long now = System.currentTimeMillis();
            return firstTimestamps.values().stream().mapToLong(t -> Math.max(0, now - t)).max().orElse(0);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(1)));
    }
}
