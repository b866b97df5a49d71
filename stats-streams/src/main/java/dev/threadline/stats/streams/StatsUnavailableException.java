package dev.threadline.stats.streams;

import dev.threadline.problem.TemporarilyUnavailableException;
import java.time.Duration;

/**
 * A query that cannot be answered right now: the streams are starting or rebalancing, or the instance that owns the
 * key did not answer. Rendered as 503 with {@code Retry-After}; retrying shortly succeeds.
 */
public class StatsUnavailableException extends TemporarilyUnavailableException {

    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    public StatsUnavailableException(String message) {
        super(message, RETRY_AFTER, null);
    }

    public StatsUnavailableException(String message, Throwable cause) {
        super(message, RETRY_AFTER, cause);
    }
}
