package dev.threadline.ingest.service;

import dev.threadline.problem.TemporarilyUnavailableException;
import java.time.Duration;

/** The idempotency store could not be reached; nothing was published and the caller may retry. */
public final class IdempotencyStoreUnavailableException extends TemporarilyUnavailableException {

    public IdempotencyStoreUnavailableException(Throwable cause) {
        // The driver's message stays in the log; callers learn only what they can act on.
        super("The idempotency store is unavailable; nothing was published. Retry later with the same Idempotency-Key.",
                Duration.ofSeconds(5), cause);
    }
}
