package dev.threadline.stats.streams;

/**
 * A query that cannot be answered right now: the streams are starting or rebalancing, or the instance that owns the
 * key did not answer. Rendered as 503 with {@code Retry-After}; retrying shortly succeeds.
 */
public class StatsUnavailableException extends RuntimeException {

    public StatsUnavailableException(String message) {
        super(message);
    }

    public StatsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
