package dev.threadline.ingest.messaging;

import dev.threadline.problem.TemporarilyUnavailableException;
import dev.threadline.problem.TypedProblem;
import java.time.Duration;

/**
 * Kafka did not commit a write in time: nothing was published and nothing promised, so the caller
 * may retry. Its subclass {@link PublishOutcomeUnknownException} is the one case where the write
 * may still commit. The two answer with problem types of their own, {@value #TYPE} and
 * {@value PublishOutcomeUnknownException#TYPE}.
 */
public sealed class KafkaUnavailableException extends TemporarilyUnavailableException implements TypedProblem
        permits PublishOutcomeUnknownException {

    /** The problem type of a 503 after which nothing was published: retrying is always safe. */
    public static final String TYPE = "urn:threadline:problem:kafka-unavailable";

    public KafkaUnavailableException(String message, Duration retryAfter, Throwable cause) {
        super(message, retryAfter, cause);
    }

    @Override
    public String problemType() {
        return TYPE;
    }
}
