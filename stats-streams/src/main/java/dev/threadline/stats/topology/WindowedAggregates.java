package dev.threadline.stats.topology;

import dev.threadline.analytics.MetricName;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.schemas.serde.EventSerdes;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.stats.config.WindowSpec;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Window;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The windowed aggregates: observations, keyed by series (metric|dimension|value) and already aggregated per task and
 * time bucket ({@link #bucketMillis}), are repartitioned once by series and merged into tumbling event-time windows of
 * every configured size, each with its stated grace. A bucket lies within one window of each size, and aggregates
 * merge without loss, so the windows hold what they would hold had every observation travelled on its own.
 *
 * <p>Each window emits twice into the metric's topic: updates ({@code final = false}) as its aggregate changes, at
 * most once per publish interval (the buckets arrive at that pace, and the record cache folds what arrives within a
 * commit interval), and one final value ({@code final = true}) when stream
 * time has passed its end plus grace ({@code suppress(untilWindowCloses)}). An observation that arrives after that is
 * dropped by the window (Kafka Streams counts it in its dropped-records metric); it still counts in its conversation's
 * metrics.
 */
final class WindowedAggregates {

    private static final MetricAggregateSerde AGGREGATES = new MetricAggregateSerde();

    private WindowedAggregates() {
    }

    /**
     * The time buckets observations are pre-aggregated in before they travel: the largest size that divides every
     * window size (windows are aligned to the epoch, so each bucket lies within one window of each size).
     */
    static long bucketMillis(List<WindowSpec> windows) {
        long bucket = 0;
        for (WindowSpec window : windows) {
            bucket = gcd(bucket, window.size().toMillis());
        }
        return bucket;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    static void add(KStream<String, MetricAggregate> observations, List<WindowSpec> windows) {
        KGroupedStream<String, MetricAggregate> bySeries = observations
                .repartition(Repartitioned.<String, MetricAggregate>as("observation-buckets")
                        .withKeySerde(Serdes.String()).withValueSerde(AGGREGATES).withNumberOfPartitions(StatsTopology.REPARTITION_PARTITIONS))
                .groupByKey(Grouped.with("observations-by-series", Serdes.String(), AGGREGATES));
        for (WindowSpec window : windows) {
            KTable<Windowed<String>, MetricAggregate> aggregates = bySeries
                    .windowedBy(TimeWindows.ofSizeAndGrace(window.size(), window.grace()))
                    .aggregate(MetricAggregate::new, (series, bucket, aggregate) -> aggregate.merge(bucket),
                            Named.as("aggregate-" + window.name()),
                            Materialized.<String, MetricAggregate, WindowStore<Bytes, byte[]>>as(StatsStores.metricAggregates(window))
                                    .withKeySerde(Serdes.String())
                                    .withValueSerde(AGGREGATES)
                                    .withRetention(window.retention()));
            publish(aggregates.toStream(Named.as("updates-" + window.name())), window, false);
            publish(aggregates
                    .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("close-" + window.name()))
                    .toStream(Named.as("finals-" + window.name())), window, true);
        }
    }

    private static void publish(KStream<Windowed<String>, MetricAggregate> aggregates, WindowSpec window, boolean isFinal) {
        String name = (isFinal ? "final-" : "update-") + window.name();
        aggregates
                .map((key, aggregate) -> KeyValue.pair(outputKey(key.key(), window),
                        toRecord(SeriesKey.parse(key.key()), key.window(), aggregate, isFinal)), Named.as("record-" + name))
                .to((key, metric, context) -> topicOf(metric.getMetric()),
                        Produced.with(Serdes.String(), EventSerdes.windowedMetric()).withName("publish-" + name));
    }

    /** The key on the analytics topics: the series and the window size, e.g. {@code sentiment|all|all|1h}. */
    static String outputKey(String series, WindowSpec window) {
        return series + DimensionValue.SEPARATOR + window.name();
    }

    static String topicOf(MetricName metric) {
        return metric == MetricName.sentiment ? Topics.SENTIMENT_STATS.name() : Topics.RESPONSE_TIME_STATS.name();
    }

    /** The published form of one window's aggregate. */
    static WindowedMetric toRecord(SeriesKey series, Window window, MetricAggregate aggregate, boolean isFinal) {
        return WindowedMetric.newBuilder()
                .setMetric(series.metric())
                .setDimension(series.group().dimension())
                .setDimensionValue(series.group().value())
                .setTenant(series.group().tenant())
                .setWindowStart(Instant.ofEpochMilli(window.start()))
                .setWindowEnd(Instant.ofEpochMilli(window.end()))
                .setCount(aggregate.count())
                .setSum(aggregate.sum())
                .setMin(aggregate.min())
                .setMax(aggregate.max())
                .setMean(aggregate.mean())
                .setP50(aggregate.quantile(0.5))
                .setP90(aggregate.quantile(0.9))
                .setP99(aggregate.quantile(0.99))
                .setFinal$(isFinal)
                .build();
    }
}
