package dev.threadline.e2e.stats;

import dev.threadline.schemas.topics.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a topic received since a test began: its end offsets taken before, and the committed records from there to
 * the current end. The analytics topics are shared by every test of the JVM, so a test reads only its own tail.
 */
public final class TopicTail {

    private TopicTail() {
    }

    public static Map<TopicPartition, Long> endOffsets(String bootstrapServers, Topic<?, ?> topic) {
        try (var consumer = consumer(bootstrapServers)) {
            return new HashMap<>(consumer.endOffsets(partitions(consumer, topic)));
        }
    }

    public static <K, V> List<ConsumerRecord<K, V>> readFrom(String bootstrapServers, Topic<K, V> topic, Map<TopicPartition, Long> from) {
        try (var consumer = consumer(bootstrapServers)) {
            List<TopicPartition> partitions = partitions(consumer, topic);
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<K, V>> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    K key = raw.key() == null ? null : topic.keySerde().deserializer().deserialize(topic.name(), raw.key());
                    V value = raw.value() == null ? null : topic.valueSerde().deserializer().deserialize(topic.name(), raw.value());
                    records.add(new ConsumerRecord<>(raw.topic(), raw.partition(), raw.offset(), raw.timestamp(),
                            raw.timestampType(), raw.serializedKeySize(), raw.serializedValueSize(), key, value,
                            raw.headers(), raw.leaderEpoch()));
                }
            }
            return records;
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrapServers) {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "topic-tail-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, Topic<?, ?> topic) {
        return consumer.partitionsFor(topic.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }
}
