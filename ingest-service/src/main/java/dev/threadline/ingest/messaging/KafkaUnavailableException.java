package dev.threadline.ingest.messaging;

import java.time.Duration;

/** Kafka did not acknowledge a write in time; nothing was promised to the caller, who may retry. */
public final class KafkaUnavailableException extends RuntimeException {

    private final Duration retryAfter;

    public KafkaUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
