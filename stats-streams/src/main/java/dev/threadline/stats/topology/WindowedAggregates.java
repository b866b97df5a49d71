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
 * The windowed aggregates: observations, keyed by series (metric|dimension|value), are repartitioned once by series
 * and aggregated into tumbling event-time windows of every configured size, each with its stated grace.
 *
 * <p>Each window emits twice into the metric's topic: updates ({@code final = false}) as its aggregate changes, at
 * most once per commit interval thanks to the record cache, and one final value ({@code final = true}) when stream
 * time has passed its end plus grace ({@code suppress(untilWindowCloses)}). An observation that arrives after that is
 * dropped by the window (Kafka Streams counts it in its dropped-records metric); it still counts in its conversation's
 * metrics.
 */
final class WindowedAggregates {

    private static final MetricAggregateSerde AGGREGATES = new MetricAggregateSerde();

    private WindowedAggregates() {
    }

    static void add(KStream<String, Double> observations, List<WindowSpec> windows) {
        KGroupedStream<String, Double> bySeries = observations
                .repartition(Repartitioned.<String, Double>as("observations")
                        .withKeySerde(Serdes.String()).withValueSerde(Serdes.Double()))
                .groupByKey(Grouped.with("observations-by-series", Serdes.String(), Serdes.Double()));
        for (WindowSpec window : windows) {
            KTable<Windowed<String>, MetricAggregate> aggregates = bySeries
                    .windowedBy(TimeWindows.ofSizeAndGrace(window.size(), window.grace()))
                    .aggregate(MetricAggregate::new, (series, value, aggregate) -> aggregate.add(value),
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
