package dev.threadline.ingest.service;

/** The idempotency store could not be reached; nothing was published and the caller may retry. */
public final class IdempotencyStoreUnavailableException extends RuntimeException {

    public IdempotencyStoreUnavailableException(Throwable cause) {
        super("The idempotency store is unavailable: " + cause.getMessage(), cause);
    }
}
