package dev.threadline.stats.topology;

/**
 * An event that decodes but cannot be processed: a tombstone, or a record whose key is not its conversation id (it
 * would be counted on another partition than the rest of its conversation). Thrown before any state is touched, so
 * {@link DeadLetteringProcessingHandler} can dead-letter the record and the stream go on with the next one.
 */
public final class UnprocessableEventException extends RuntimeException {

    private final String reason;

    public UnprocessableEventException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    /** Short, stable reason code for the dead letter's header, e.g. {@code key-mismatch}. */
    public String reason() {
        return reason;
    }
}
