package dev.threadline.stats.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One tumbling event-time window of the windowed aggregates: its size, how long after its end late events are still
 * taken (grace), and how long its aggregates stay queryable (retention, at least size plus grace).
 *
 * @param size      length of each window; windows are aligned to the epoch
 * @param grace     how long after the window's end (in stream time) late observations still count
 * @param retention how long closed windows stay in the store for interactive queries
 */
public record WindowSpec(Duration size, Duration grace, Duration retention) {

    public WindowSpec {
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(retention, "retention");
        if (size.isNegative() || size.isZero() || size.toMillis() == 0) {
            throw new IllegalArgumentException("A window needs a positive size of at least 1 ms: " + size);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("A window's grace cannot be negative: " + grace);
        }
        Duration minimum = size.plus(grace);
        if (retention.compareTo(minimum) < 0) {
            retention = minimum;
        }
    }

    /** The name the API and the store names use: {@code 1h}, {@code 1d}, {@code 15m}, {@code 10s}, {@code 500ms}. */
    public String name() {
        return nameOf(size);
    }

    /** The name of a window size, in its largest whole unit. */
    public static String nameOf(Duration size) {
        long millis = size.toMillis();
        if (millis % Duration.ofDays(1).toMillis() == 0) {
            return millis / Duration.ofDays(1).toMillis() + "d";
        }
        if (millis % Duration.ofHours(1).toMillis() == 0) {
            return millis / Duration.ofHours(1).toMillis() + "h";
        }
        if (millis % Duration.ofMinutes(1).toMillis() == 0) {
            return millis / Duration.ofMinutes(1).toMillis() + "m";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + "s";
        }
        return millis + "ms";
    }
}
