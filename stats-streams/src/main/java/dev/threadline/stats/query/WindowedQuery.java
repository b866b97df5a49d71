package dev.threadline.stats.query;

import dev.threadline.analytics.MetricName;
import dev.threadline.stats.config.WindowSpec;
import dev.threadline.stats.topology.DimensionValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A validated query of windowed aggregates: one series (metric and group) in one window size, windows starting within
 * {@code [from, to]}.
 */
public record WindowedQuery(MetricName metric, WindowSpec window, DimensionValue group, Instant from, Instant to) {

    /** The metric's name in URLs: {@code first-response-time}, {@code resolution-time}, {@code sentiment}. */
    public static String pathOf(MetricName metric) {
        return metric.name().replace('_', '-');
    }

    /** The metric a URL names, if any. */
    public static Optional<MetricName> metricOfPath(String path) {
        return Arrays.stream(MetricName.values()).filter(metric -> pathOf(metric).equals(path)).findFirst();
    }

    /** The same query of another group. */
    public WindowedQuery withGroup(DimensionValue other) {
        return new WindowedQuery(metric, window, other, from, to);
    }

    /** The same query as a path and query string, for forwarding it to another instance. */
    String pathAndQuery() {
        return "/v1/stats/" + pathOf(metric) + "?window=" + window.name() + "&from=" + from + "&to=" + to
                + "&dimension=" + group.dimension().name() + "&value=" + URLEncoder.encode(group.value(), StandardCharsets.UTF_8);
    }

    String unit() {
        return metric == MetricName.sentiment ? "compound" : "ms";
    }
}
