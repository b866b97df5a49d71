package dev.threadline.stats.topology;

import dev.threadline.analytics.MetricName;
import java.util.Objects;

/**
 * One time series of the windowed aggregates: a metric for one group of conversations. Its {@link #key()},
 * {@code metric|dimension|value} (e.g. {@code first_response_time|kind|support}), keys the observations, their
 * repartition topic and the window stores.
 */
public record SeriesKey(MetricName metric, DimensionValue group) {

    public SeriesKey {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(group, "group");
    }

    public String key() {
        return metric.name() + DimensionValue.SEPARATOR + group.key();
    }

    /** Reads a {@link #key()}. */
    public static SeriesKey parse(String key) {
        int at = key.indexOf(DimensionValue.SEPARATOR);
        if (at < 0) {
            throw new IllegalArgumentException("Not a series key: " + key);
        }
        return new SeriesKey(MetricName.valueOf(key.substring(0, at)), DimensionValue.parse(key.substring(at + 1)));
    }
}
