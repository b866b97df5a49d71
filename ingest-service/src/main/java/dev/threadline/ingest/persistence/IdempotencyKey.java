package dev.threadline.ingest.persistence;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A row of {@code ingest.idempotency_keys} (Flyway's {@code V1__idempotency_keys.sql}): a key claimed by a request,
 * the fingerprint of that request, whether it is still in flight (and until when its claim holds) or done with the
 * response to replay.
 */
@MappedEntity(value = "idempotency_keys", schema = "ingest")
public record IdempotencyKey(
        @Id String idempotencyKey,
        byte[] fingerprint,
        String state,
        Instant leaseUntil,
        @Nullable String response,
        Instant createdAt) {

    static final String IN_FLIGHT = "in_flight";
    static final String DONE = "done";
}
