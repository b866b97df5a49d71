package dev.threadline.testkit;

import dev.threadline.schemas.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what really landed on a topic, for tests that check a service's output on Kafka: the
 * record at a partition and offset, every record matching a predicate, or the end offsets that
 * prove nothing was written. It reads committed records only, as Threadline's consumers do.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;

    public TopicReader(String bootstrapServers) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The record at a partition and offset, if it arrives within the timeout. */
    public <K, V> Optional<ConsumerRecord<K, V>> read(Topic<K, V> topic, int partition, long offset, Duration timeout) {
        TopicPartition tp = new TopicPartition(topic.name(), partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                if (raw.offset() == offset) {
                    return Optional.of(decoded(topic, raw));
                }
            }
        }
        return Optional.empty();
    }

    /** Every record of the topic from the beginning that matches, polling until the timeout or until {@code expected} matched. */
    public <K, V> List<ConsumerRecord<K, V>> readAll(Topic<K, V> topic, Predicate<ConsumerRecord<K, V>> filter,
                                                     int expected, Duration timeout) {
        consumer.assign(partitions(topic));
        consumer.seekToBeginning(consumer.assignment());
        List<ConsumerRecord<K, V>> matched = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        while (matched.size() < expected && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                ConsumerRecord<K, V> record = decoded(topic, raw);
                if (filter.test(record)) {
                    matched.add(record);
                }
            }
        }
        return matched;
    }

    /** Each partition's end offset: where the next record written to it will be. */
    public Map<TopicPartition, Long> endOffsets(Topic<?, ?> topic) {
        return consumer.endOffsets(partitions(topic));
    }

    /** Every record written since {@code positions} (from {@link #endOffsets}), up to the end offsets of now. */
    public <K, V> List<ConsumerRecord<K, V>> readSince(Topic<K, V> topic, Map<TopicPartition, Long> positions, Duration timeout) {
        return readSince(topic, positions, Map.of(), timeout);
    }

    /**
     * Every record written since {@code positions}, up to the end offsets of now and at least up to {@code atLeast} per
     * partition (an exclusive end): a transaction's commit returns before its markers reach every partition, so records
     * just acknowledged can lie beyond a committed reader's end offset for a moment.
     */
    public <K, V> List<ConsumerRecord<K, V>> readSince(Topic<K, V> topic, Map<TopicPartition, Long> positions,
                                                      Map<TopicPartition, Long> atLeast, Duration timeout) {
        Map<TopicPartition, Long> ends = new HashMap<>(endOffsets(topic));
        atLeast.forEach((partition, end) -> ends.merge(partition, end, Math::max));
        consumer.assign(ends.keySet());
        ends.keySet().forEach(partition -> consumer.seek(partition, positions.getOrDefault(partition, 0L)));
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        Instant deadline = Instant.now().plus(timeout);
        // Transaction markers take offsets too, so a partition is read once its position reached the end offset.
        while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Not every record of " + topic.name() + " was read within " + timeout);
            }
            consumer.poll(Duration.ofMillis(200)).forEach(raw -> records.add(decoded(topic, raw)));
        }
        return records;
    }

    /** The sum of the end offsets of every partition: it grows with each record written. */
    public long endOffsetSum(Topic<?, ?> topic) {
        return consumer.endOffsets(partitions(topic)).values().stream().mapToLong(Long::longValue).sum();
    }

    private List<TopicPartition> partitions(Topic<?, ?> topic) {
        return consumer.partitionsFor(topic.name()).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
    }

    private static <K, V> ConsumerRecord<K, V> decoded(Topic<K, V> topic, ConsumerRecord<byte[], byte[]> raw) {
        K key = topic.keySerde().deserializer().deserialize(topic.name(), raw.key());
        V value = topic.valueSerde().deserializer().deserialize(topic.name(), raw.value());
        return new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(), raw.timestampType(),
                raw.serializedKeySize(), raw.serializedValueSize(), key, value, raw.headers(), raw.leaderEpoch());
    }

    @Override
    public void close() {
        consumer.close();
    }
}
