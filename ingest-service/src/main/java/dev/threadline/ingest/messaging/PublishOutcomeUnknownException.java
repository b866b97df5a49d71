package dev.threadline.ingest.messaging;

import dev.threadline.ingest.command.PublishedEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The caller's wait ended while its events were inside a transaction whose commit Kafka has not
 * confirmed or refused yet: they may still be committed. A retry with the same Idempotency-Key is
 * safe (it is answered with the original response once known and never publishes twice).
 *
 * <p>{@link #outcome()} settles later with the receipts, or with {@link KafkaUnavailableException}
 * if the events were not committed; it never completes if the outcome could not be learned at all
 * (the producer was replaced), and the Idempotency-Key's lease then frees the key.
 */
public final class PublishOutcomeUnknownException extends KafkaUnavailableException {

    /** The problem type of a 503 whose events may still be committed: retry with the same Idempotency-Key. */
    public static final String TYPE = "urn:threadline:problem:publish-outcome-unknown";

    private final CompletableFuture<?> outcome;

    PublishOutcomeUnknownException(String message, Duration retryAfter, CompletableFuture<?> outcome) {
        super(message, retryAfter, null);
        this.outcome = outcome;
    }

    @Override
    public String problemType() {
        return TYPE;
    }

    /** What eventually became of the events, mapped as the caller mapped its result. */
    @SuppressWarnings("unchecked")
    public <T> CompletableFuture<T> outcome() {
        return (CompletableFuture<T>) outcome;
    }

    /** The same unknown outcome, its eventual receipts mapped by {@code mapping}. */
    <T> PublishOutcomeUnknownException mapped(Function<List<PublishedEvent>, T> mapping) {
        CompletableFuture<List<PublishedEvent>> receipts = outcome();
        return new PublishOutcomeUnknownException(getMessage(), retryAfter(), receipts.thenApply(mapping));
    }

    /** The final word when the outcome could not be learned: nothing will settle it. */
    static PublishOutcomeUnknownException forever(String message, Duration retryAfter) {
        return new PublishOutcomeUnknownException(message, retryAfter, new CompletableFuture<>());
    }
}
