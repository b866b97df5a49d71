package dev.threadline.ingest.service;

import dev.threadline.ingest.config.IdempotencyConfig;
import dev.threadline.ingest.messaging.PublishOutcomeUnknownException;
import dev.threadline.ingest.persistence.IdempotencyStore.Claim;
import dev.threadline.ingest.persistence.IdempotencyStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request at most once per Idempotency-Key, across restarts and instances: the key is
 * claimed in PostgreSQL before anything is published, the response is stored once Kafka
 * committed, and a retry of the same request gets that response back without publishing again.
 * If publishing fails the claim is released so the retry can publish. If the caller's wait ended
 * while the commit was undecided, the claim is kept (a retry meanwhile gets 409) and settled when
 * Kafka decides: the response is stored if it committed, the claim released if it did not. If the
 * outcome is never learned, the claim's lease ends it.
 *
 * <p>Ids of a keyed request are derived from the key, so even if an instance dies between the
 * commit and storing the response, the retry that takes the claim over republishes the same
 * ids, which the consumers deduplicate.
 */
@Singleton
public class IdempotentExecution {

    private static final Logger LOG = LoggerFactory.getLogger(IdempotentExecution.class);

    /** A response and whether it was replayed from an earlier execution. */
    public record Outcome<T>(T response, boolean replayed) {
    }

    private final IdempotencyStore store;
    private final IdempotencyConfig config;
    private final JsonMapper json;
    private final Clock clock;
    private final ExecutorService blocking;
    private final Counter replays;
    private final Counter differentRequests;
    private final Counter inProgress;

    public IdempotentExecution(IdempotencyStore store, IdempotencyConfig config, JsonMapper json, Clock clock,
                               @Named(TaskExecutors.BLOCKING) ExecutorService blocking, MeterRegistry registry) {
        this.replays = keyedRequests(registry, "replayed");
        this.differentRequests = keyedRequests(registry, "conflict-different-request");
        this.inProgress = keyedRequests(registry, "conflict-in-progress");
        this.store = store;
        this.config = config;
        this.json = json;
        this.clock = clock;
        this.blocking = blocking;
    }

    public <T> CompletableFuture<Outcome<T>> run(String key, byte[] fingerprint, Class<T> type,
                                                 Supplier<CompletableFuture<T>> execution) {
        return CompletableFuture.supplyAsync(() -> claim(key, fingerprint), blocking).thenCompose(claim -> switch (claim) {
            case Claim.Replay replay -> {
                replays.increment();
                yield CompletableFuture.completedFuture(new Outcome<>(read(replay.response(), type), true));
            }
            case Claim.Mismatch mismatch -> {
                differentRequests.increment();
                yield CompletableFuture.failedFuture(new IdempotencyConflictException(
                        IdempotencyConflictException.Kind.DIFFERENT_REQUEST,
                        "Idempotency-Key '%s' was already used for a different request".formatted(key)));
            }
            case Claim.InProgress claimed -> {
                inProgress.increment();
                yield CompletableFuture.failedFuture(new IdempotencyConflictException(
                        IdempotencyConflictException.Kind.IN_PROGRESS,
                        "A request with Idempotency-Key '%s' is still being processed".formatted(key)));
            }
            case Claim.Claimed claimed -> execute(key, execution);
        });
    }

    private static Counter keyedRequests(MeterRegistry registry, String outcome) {
        return Counter.builder("threadline.idempotency.requests")
                .description("Requests with an Idempotency-Key that were not executed anew: replays and conflicts")
                .tag("outcome", outcome)
                .register(registry);
    }

    private <T> CompletableFuture<Outcome<T>> execute(String key, Supplier<CompletableFuture<T>> execution) {
        CompletableFuture<T> result;
        try {
            result = execution.get();
        } catch (RuntimeException e) {
            release(key);
            throw e;
        }
        return result.handleAsync((response, error) -> {
            if (error != null) {
                settleLater(key, error instanceof CompletionException && error.getCause() != null ? error.getCause() : error);
                throw error instanceof CompletionException completion ? completion : new CompletionException(error);
            }
            store(key, response);
            return new Outcome<>(response, false);
        }, blocking);
    }

    /** Releases the key of a failed execution, or, if its outcome is not known yet, settles the key once it is. */
    private void settleLater(String key, Throwable failure) {
        if (failure instanceof PublishOutcomeUnknownException unknown) {
            unknown.outcome().whenCompleteAsync((response, error) -> {
                if (error == null) {
                    store(key, response);
                } else {
                    release(key);
                }
            }, blocking);
        } else {
            release(key);
        }
    }

    private void store(String key, Object response) {
        try {
            store.complete(key, json.writeValueAsString(response));
        } catch (SQLException | IOException e) {
            // The events are committed; a retry takes the claim over after the lease and republishes the same ids.
            LOG.warn("Response for Idempotency-Key {} not stored: {}", key, e.toString());
        }
    }

    private Claim claim(String key, byte[] fingerprint) {
        try {
            return store.claim(key, fingerprint, clock.instant(), config.lease());
        } catch (SQLException e) {
            LOG.debug("Idempotency-Key {} not claimed: {}", key, e.toString());
            throw new CompletionException(new IdempotencyStoreUnavailableException(e));
        }
    }

    private void release(String key) {
        try {
            store.release(key);
        } catch (SQLException e) {
            LOG.warn("Idempotency-Key {} not released; it frees itself when its lease ends: {}", key, e.toString());
        }
    }

    private <T> T read(String response, Class<T> type) {
        try {
            return json.readValue(response, type);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored response for an Idempotency-Key is unreadable", e);
        }
    }

    @Scheduled(fixedDelay = "15m", initialDelay = "1m")
    void forgetExpiredKeys() {
        try {
            int forgotten = store.expire(Instant.now(clock).minus(config.retention()));
            LOG.debug("Forgot {} expired idempotency keys", forgotten);
        } catch (SQLException e) {
            LOG.warn("Expired idempotency keys not removed: {}", e.toString());
        }
    }
}
