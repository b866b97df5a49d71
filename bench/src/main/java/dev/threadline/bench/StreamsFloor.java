package dev.threadline.bench;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.MessagePosted;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.vader.VaderSentiment;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The floor of any stats design on Kafka Streams: an application with stats-streams' processing guarantee
 * ({@code exactly_once_v2}), commit interval and stream threads that does the least such a design must do with
 * conversation-events, so the benchmark can say how far stats-streams is from what Kafka Streams itself costs here.
 * <ul>
 *   <li>{@code read}: consumes every event and drops it (input offsets committed in transactions, nothing else);</li>
 *   <li>{@code count}: also keeps one value per conversation in a store with its changelog (a restart or a moved task
 *   must find each conversation's state: first response, resolution and sentiment all need it), cached as Kafka
 *   Streams caches by default and flushed at every commit;</li>
 *   <li>{@code sentiment}: decodes every event (the registry's decoder, as stats-streams) and scores each message with
 *   VADER, keeping the sum of its scores per conversation the same way: the least of the metrics stats-streams must
 *   compute.</li>
 * </ul>
 * None publishes anything or computes response and resolution times, so each is a lower bound of stats-streams' cost.
 */
@Command(name = "floor", sortOptions = false,
        description = "A Kafka Streams application (exactly_once_v2) that reads conversation-events and does the least any"
                + " stats design must: read (drop each event), count (one changelogged value per conversation) or sentiment"
                + " (decode, score messages with VADER, a changelogged sum per conversation). Runs"
                + " until SIGTERM; StatsBench watch --no-repartition measures it.")
final class StreamsFloor implements Callable<Integer> {

    enum Work { read, count, sentiment }

    @Mixin
    Cli.Help help;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", required = true, description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--application-id", paramLabel = "ID", required = true, description = "a fresh application id")
    String applicationId;

    @Option(names = "--state-dir", paramLabel = "DIR", required = true, description = "a fresh state directory")
    Path stateDir;

    @Option(names = "--work", paramLabel = "WORK", required = true, description = "read, count or sentiment")
    Work work;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "stream threads (default 2, as stats-streams)")
    int threads;

    @Option(names = "--commit-interval-ms", paramLabel = "MS", defaultValue = "100",
            description = "commit interval (default 100, stats-streams' default)")
    long commitIntervalMs;

    @Override
    public Integer call() throws InterruptedException {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<byte[], byte[]> events = builder.stream(Topics.CONVERSATION_EVENTS.name(),
                Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()));
        switch (work) {
            case read -> events.foreach((key, value) -> { });
            // Keyed by conversation id already: no repartition, as stats-streams' per-conversation processor.
            case count -> events.groupByKey(Grouped.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .count(Materialized.<byte[], Long, KeyValueStore<Bytes, byte[]>>as("floor-counts")
                            .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.Long()));
            case sentiment -> {
                Deserializer<ConversationEvent> decoder = Topics.CONVERSATION_EVENTS.valueSerde().deserializer();
                VaderSentiment vader = VaderSentiment.withBundledLexicon();
                events.mapValues(value -> decoder.deserialize(Topics.CONVERSATION_EVENTS.name(), value).getPayload()
                                instanceof MessagePosted posted ? vader.polarity(posted.getContent()).compound() : 0.0)
                        .groupByKey(Grouped.with(Serdes.ByteArray(), Serdes.Double()))
                        .aggregate(() -> 0.0, (conversation, score, sum) -> sum + score,
                                Materialized.<byte[], Double, KeyValueStore<Bytes, byte[]>>as("floor-sentiment")
                                        .withKeySerde(Serdes.ByteArray()).withValueSerde(Serdes.Double()));
            }
        }
        Properties settings = new Properties();
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        settings.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        settings.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        settings.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        CountDownLatch stopped = new CountDownLatch(1);
        try (KafkaStreams streams = new KafkaStreams(builder.build(), settings)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                streams.close();
                stopped.countDown();
            }));
            streams.start();
            System.out.println("started " + applicationId + " (" + work + ", " + threads + " threads, commit interval "
                    + commitIntervalMs + " ms)");
            stopped.await();
        }
        return 0;
    }
}
