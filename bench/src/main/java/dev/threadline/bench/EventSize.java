package dev.threadline.bench;

import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.events.EventTypes;
import dev.threadline.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The size of the events the ingest service really writes, so that Kafka's ProducerPerformance can be run with the
 * same record size: reads the newest records of conversation-events (up to {@code perPartition} from each
 * partition), keeps the ones whose payload is {@code MessagePosted}, and prints their encoded sizes as
 * {@code events=<n> value_avg=<bytes> value_min=.. value_max=.. key_avg=..} (uncompressed, as the serializer wrote them).
 *
 * <p>Run by {@code bench/ingest-benchmark.sh}: {@code java -cp bench/target/bench.jar:<bench/target/runtime.classpath>
 * dev.threadline.bench.EventSize --bootstrap HOST:PORT [--per-partition N]}.
 */
@Command(name = "EventSize", sortOptions = false,
        description = "Reads the newest records of conversation-events (up to --per-partition from each partition), "
                + "keeps the MessagePosted events and prints their encoded sizes: events=<n> value_avg=<bytes> "
                + "value_min=.. value_max=.. key_avg=.. (exit 1 if there were none).")
public final class EventSize implements Callable<Integer> {

    @Mixin
    Cli.Help help;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--per-partition", paramLabel = "N", defaultValue = "200",
            description = "newest records read from each partition (default: ${DEFAULT-VALUE})")
    int perPartition;

    public static void main(String[] args) {
        Cli.run(new EventSize(), args);
    }

    @Override
    public Integer call() {
        var topic = Topics.CONVERSATION_EVENTS;
        var valueDeserializer = topic.valueSerde().deserializer();
        // assign(), no group: nothing is committed and no group is left behind on the broker.
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long count = 0;
        long valueBytes = 0;
        long keyBytes = 0;
        int min = Integer.MAX_VALUE;
        int max = 0;
        try (var consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
            for (TopicPartition partition : partitions) {
                consumer.seek(partition, Math.max(starts.get(partition), ends.get(partition) - perPartition));
            }
            // Positions, not record counts: transaction markers take offsets but are never returned by poll().
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!atEnd(consumer, ends) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        continue;
                    }
                    ConversationEvent event = valueDeserializer.deserialize(topic.name(), record.value());
                    if (!"MessagePosted".equals(EventTypes.of(event))) {
                        continue;
                    }
                    count++;
                    valueBytes += record.serializedValueSize();
                    keyBytes += Math.max(0, record.serializedKeySize());
                    min = Math.min(min, record.serializedValueSize());
                    max = Math.max(max, record.serializedValueSize());
                }
            }
        }
        if (count == 0) {
            System.out.println("events=0");
            return 1;
        }
        System.out.printf("events=%d value_avg=%d value_min=%d value_max=%d key_avg=%d%n",
                count, Math.round((double) valueBytes / count), min, max, Math.round((double) keyBytes / count));
        return 0;
    }

    private static boolean atEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }
}
