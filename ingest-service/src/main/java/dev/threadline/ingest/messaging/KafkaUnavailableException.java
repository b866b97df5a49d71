package dev.threadline.ingest.messaging;

import java.time.Duration;

/**
 * Kafka did not commit a write in time: nothing was published and nothing promised, so the caller
 * may retry. Its subclass {@link PublishOutcomeUnknownException} is the one case where the write
 * may still commit.
 */
public sealed class KafkaUnavailableException extends RuntimeException permits PublishOutcomeUnknownException {

    private final Duration retryAfter;

    public KafkaUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
