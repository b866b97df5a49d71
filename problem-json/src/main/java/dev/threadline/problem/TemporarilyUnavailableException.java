package dev.threadline.problem;

import java.time.Duration;

/**
 * A request that cannot be served right now but may be retried: something the service needs is away, busy or moving
 * (Kafka, a database, a store being restored). Answered by {@link TemporarilyUnavailableHandler} with 503 problem+json
 * and {@code Retry-After}; its message is the problem's detail, so it says only what a caller can act on.
 */
public class TemporarilyUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public TemporarilyUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** When a retry may succeed; sent as {@code Retry-After} in whole seconds, at least one. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
