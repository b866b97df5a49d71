package dev.threadline.stats.topology;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.analytics.MetricName;
import dev.threadline.analytics.StatusCounts;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.topics.Topic;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.stats.config.StatsConfig;
import dev.threadline.stats.streams.StreamsSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The stats topology in a {@link TopologyTestDriver}, with typed input and output topics. The record cache is off, and
 * {@link #send} lets one publish interval of wall-clock time pass after each event, so that the per-conversation
 * processor emits its outbox and every update is visible at once; the readers do the same for events piped directly.
 */
final class TopologyHarness implements AutoCloseable {

    final TopologyTestDriver driver;
    final TestInputTopic<String, ConversationEvent> events;
    final TestInputTopic<byte[], byte[]> rawEvents;
    final TestOutputTopic<String, ConversationMetrics> metrics;
    final TestOutputTopic<String, WindowedMetric> responseTimes;
    final TestOutputTopic<String, WindowedMetric> sentiments;
    final TestOutputTopic<String, StatusCounts> statusCounts;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    private final Path stateDir;
    private final Duration publishInterval;

    private TopologyHarness(StatsConfig config, Map<String, Object> overrides) {
        try {
            stateDir = Files.createTempDirectory("stats-topology-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StatsConfig local = config.withInstance(config.applicationId(), stateDir.toString(), null);
        publishInterval = local.effectivePublishInterval();
        Properties settings = StreamsSettings.of(local, "unused:9092", null, Map.of());
        settings.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        settings.putAll(overrides);
        driver = new TopologyTestDriver(StatsTopology.buildTopology(local), settings);
        events = input(Topics.CONVERSATION_EVENTS);
        var topic = Topics.CONVERSATION_EVENTS;
        rawEvents = driver.createInputTopic(topic.name(), new ByteArraySerializer(), new ByteArraySerializer());
        metrics = output(Topics.CONVERSATION_METRICS);
        responseTimes = output(Topics.RESPONSE_TIME_STATS);
        sentiments = output(Topics.SENTIMENT_STATS);
        statusCounts = output(Topics.STATUS_COUNTS);
        deadLetters = driver.createOutputTopic(Topics.STATS_STREAMS_DLQ.name(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    static TopologyHarness start(StatsConfig config) {
        return new TopologyHarness(config, Map.of());
    }

    /** With Kafka Streams settings of the test's own, e.g. another processing guarantee. */
    static TopologyHarness start(StatsConfig config, Map<String, Object> overrides) {
        return new TopologyHarness(config, overrides);
    }

    static TopologyHarness start() {
        return start(StatsConfig.defaults());
    }

    /** Pipes events in order, each followed by one publish interval. */
    void send(ConversationEvent... sent) {
        for (ConversationEvent event : sent) {
            events.pipeInput(event.getConversationId(), event);
            tick();
        }
    }

    /** Lets one publish interval of wall-clock time pass: the processor emits what its outbox holds. */
    void tick() {
        driver.advanceWallClockTime(publishInterval);
    }

    /** The latest metrics of each conversation published so far (null value = tombstone). */
    Map<String, ConversationMetrics> latestMetrics() {
        tick();
        Map<String, ConversationMetrics> latest = new LinkedHashMap<>();
        for (TestRecord<String, ConversationMetrics> record : metrics.readRecordsToList()) {
            latest.put(record.key(), record.value());
        }
        return latest;
    }

    /** Every windowed record published on the metric's topic so far, in order. */
    List<WindowedMetric> windowed(MetricName metric) {
        tick();
        return (metric == MetricName.sentiment ? sentiments : responseTimes).readValuesToList().stream()
                .filter(record -> record.getMetric() == metric).toList();
    }

    /** The latest counts of each group published so far, key = dimension|value. */
    Map<String, StatusCounts> latestStatusCounts() {
        tick();
        Map<String, StatusCounts> latest = new LinkedHashMap<>();
        statusCounts.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        return latest;
    }

    private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
