package dev.threadline.stats.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * The windows of one series that start within {@code [from, to]}, oldest first, as
 * {@code GET /v1/stats/{metric}} returns them.
 *
 * @param metric    the metric as the path names it, e.g. {@code first-response-time}
 * @param unit      {@code ms} for times, {@code compound} for VADER sentiment scores
 * @param window    the window size, e.g. {@code 1h}
 * @param dimension {@code all}, {@code kind}, {@code priority} or {@code tenant}
 * @param value     the group within the dimension ({@code all} for the dimension all)
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record WindowedStatsView(String metric, String unit, String window, String dimension, String value,
                                Instant from, Instant to, List<WindowAggregate> windows) {

    public WindowedStatsView {
        windows = windows == null ? List.of() : List.copyOf(windows);
    }

    /** One window's aggregate; percentiles come from a DDSketch with 1 % relative accuracy. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record WindowAggregate(Instant start, Instant end, long count, double sum, double min, double max,
                                  double mean, double p50, double p90, double p99) {
    }
}
