package dev.threadline.e2e.stats;

import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.serde.EventDecodingException;
import dev.threadline.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Everything on conversation-events, read committed from the beginning up to the current end, partition by
 * partition in offset order, as stats-streams reads it. Records that do not decode or whose key is not their
 * conversation id are left out, as stats-streams dead-letters them.
 */
public final class EventLog {

    private EventLog() {
    }

    public static List<ConversationEvent> readAll(String bootstrapServers) {
        return readFrom(bootstrapServers, Map.of(), Duration.ofSeconds(60));
    }

    /** The same from the given offsets (a partition not named: from its beginning) up to the current end. */
    public static List<ConversationEvent> readFrom(String bootstrapServers, Map<TopicPartition, Long> from, Duration timeout) {
        List<ConversationEvent> events = new ArrayList<>();
        forEachFrom(bootstrapServers, from, timeout, conversation -> true, events::add);
        return events;
    }

    /**
     * Hands each event of the conversations {@code wanted} accepts to {@code action}, read as
     * {@link #readFrom(String, Map, Duration)} reads them but without holding them all: the whole topic of a benchmark
     * does not fit in memory. Records of other conversations are not decoded.
     */
    public static void forEachFrom(String bootstrapServers, Map<TopicPartition, Long> from, Duration timeout,
                                   Predicate<String> wanted, Consumer<ConversationEvent> action) {
        var topic = Topics.CONVERSATION_EVENTS;
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "event-log-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("conversation-events not read to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))
                            && record.key() != null && wanted.test(new String(record.key(), StandardCharsets.UTF_8))) {
                        decoded(record, topic).ifPresent(action);
                    }
                }
            }
        }
    }

    private static java.util.Optional<ConversationEvent> decoded(ConsumerRecord<byte[], byte[]> record,
                                                                 dev.threadline.schemas.topics.Topic<String, ConversationEvent> topic) {
        if (record.value() == null || record.key() == null) {
            return java.util.Optional.empty();
        }
        try {
            ConversationEvent event = topic.valueSerde().deserializer().deserialize(topic.name(), record.value());
            String key = new String(record.key(), StandardCharsets.UTF_8);
            return key.equals(event.getConversationId()) ? java.util.Optional.of(event) : java.util.Optional.empty();
        } catch (EventDecodingException e) {
            return java.util.Optional.empty();
        }
    }
}
