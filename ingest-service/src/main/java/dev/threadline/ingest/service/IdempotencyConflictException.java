package dev.threadline.ingest.service;

/** An Idempotency-Key that cannot be honoured for this request. */
public final class IdempotencyConflictException extends RuntimeException {

    /** Why the key cannot be used now. */
    public enum Kind {
        /** The key was first used with a different request: a client bug, not retryable. */
        DIFFERENT_REQUEST,
        /** The first request with this key has not finished yet: retry shortly. */
        IN_PROGRESS
    }

    private final Kind kind;

    public IdempotencyConflictException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
