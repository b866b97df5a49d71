package dev.threadline.e2e.pipeline;

import dev.threadline.schemas.topics.Topics;
import dev.threadline.analytics.ConversationMetrics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows conversation-metrics as its readers (ops consoles) see it, read committed, from its end when started, and
 * reports how many messages stats-streams has counted for each watched conversation whenever a new value of it is
 * committed. Only the watched conversations' values are decoded; the rest is skipped by key.
 */
final class MetricsTail implements AutoCloseable {

    /** Told the message count of a watched conversation and when its value was read ({@link System#nanoTime()}). */
    interface Listener {
        void counted(String conversationId, long messages, long atNanos);
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Set<String> watched;
    private final Listener listener;
    private final Thread reader;
    private volatile boolean stopped;

    MetricsTail(String bootstrapServers, Set<String> watched, Listener listener) {
        this.watched = watched;
        this.listener = listener;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "pipeline-metrics-tail-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        String topic = Topics.CONVERSATION_METRICS.name();
        var partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        this.reader = Thread.ofPlatform().daemon().name("metrics-tail").start(this::run);
    }

    private void run() {
        var values = Topics.CONVERSATION_METRICS.valueSerde().deserializer();
        try {
            while (!stopped) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    long at = System.nanoTime();
                    if (record.key() == null || record.value() == null) {
                        continue;
                    }
                    String conversation = new String(record.key(), StandardCharsets.UTF_8);
                    if (watched.contains(conversation)) {
                        ConversationMetrics metrics = values.deserialize(record.topic(), record.value());
                        listener.counted(conversation, metrics.getUserMessages() + metrics.getResponderMessages()
                                + metrics.getAssistantMessages() + metrics.getSystemMessages(), at);
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // closing
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        stopped = true;
        consumer.wakeup();
        try {
            reader.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
