package dev.threadline.ingest.messaging;

import java.time.Instant;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Commits a producer's open transaction and finds out whether it committed, instead of guessing.
 *
 * <p>A {@code commitTransaction} that throws {@link TimeoutException} has an unknown outcome: the
 * commit may still complete. Kafka's only legal next call is then {@code commitTransaction} again,
 * which waits for the same commit (an {@code abortTransaction} would throw IllegalStateException).
 * So the commit is retried until it succeeds (committed), fails with another error (not committed:
 * the transaction is then in an error state, and aborting it is legal), or the deadline passes
 * (unknown: the caller must replace the producer, whose successor fences it and settles the
 * transaction on the coordinator).
 */
final class TransactionCommit {

    /** What became of a transaction. */
    enum Outcome { COMMITTED, NOT_COMMITTED, UNKNOWN }

    /** An outcome and, unless committed, the last error seen. */
    record Result(Outcome outcome, RuntimeException cause) {
    }

    private TransactionCommit() {
    }

    /**
     * Commits, retrying a timed-out commit until it is decided or {@code giveUpAt} has passed.
     * {@code undecided} hears of the first timeout, so that whoever waits learns Kafka is not answering.
     */
    static Result commit(Producer<?, ?> producer, Instant giveUpAt, Consumer<TimeoutException> undecided) {
        boolean told = false;
        while (true) {
            try {
                producer.commitTransaction();
                return new Result(Outcome.COMMITTED, null);
            } catch (TimeoutException e) {
                if (!Instant.now().isBefore(giveUpAt)) {
                    return new Result(Outcome.UNKNOWN, e);
                }
                if (!told) {
                    undecided.accept(e);
                    told = true;
                }
                // Not decided yet: the next commitTransaction waits for the same commit.
            } catch (InterruptException e) {
                return new Result(Outcome.UNKNOWN, e);
            } catch (KafkaException | IllegalStateException e) {
                return new Result(Outcome.NOT_COMMITTED, e);
            }
        }
    }
}
