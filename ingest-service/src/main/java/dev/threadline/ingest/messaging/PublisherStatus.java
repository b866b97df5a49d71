package dev.threadline.ingest.messaging;

import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the publisher can publish, as its threads last found out: a thread is up once its producer
 * initialised, committed or aborted a transaction (the broker answered), down once that failed.
 * The service can publish while any thread is up; readiness reports it, and while every thread
 * knows Kafka is unreachable new calls fail at once instead of waiting.
 *
 * <p>Logs once per change of the whole, not once per request.
 */
final class PublisherStatus {

    private static final Logger LOG = LoggerFactory.getLogger(PublisherStatus.class);

    private enum State { STARTING, UP, DOWN }

    private final State[] slots;
    private final String[] reasons;
    /** What was last logged; null before the first change. */
    private Boolean canPublish;

    PublisherStatus(int threads) {
        slots = new State[threads];
        reasons = new String[threads];
        Arrays.fill(slots, State.STARTING);
        Arrays.fill(reasons, "producer not initialised yet");
    }

    synchronized void up(int slot) {
        slots[slot] = State.UP;
        reasons[slot] = null;
        changed();
    }

    synchronized void down(int slot, String reason) {
        slots[slot] = State.DOWN;
        reasons[slot] = reason;
        changed();
    }

    /** Why the service cannot publish now; empty while it can. */
    synchronized Optional<String> unavailable() {
        return Boolean.TRUE.equals(canPublish) ? Optional.empty() : Optional.of(reasons());
    }

    /** True only once every thread has failed to reach Kafka (not while they start). */
    synchronized boolean knownUnreachable() {
        return Arrays.stream(slots).allMatch(state -> state == State.DOWN);
    }

    private void changed() {
        boolean now = Arrays.stream(slots).anyMatch(state -> state == State.UP);
        if (!Boolean.valueOf(now).equals(canPublish)) {
            canPublish = now;
            if (now) {
                LOG.info("Publishing to Kafka works");
            } else {
                LOG.warn("Cannot publish to Kafka: {}", reasons());
            }
        }
    }

    private String reasons() {
        return String.join("; ", Arrays.stream(reasons).filter(r -> r != null).distinct().toList());
    }
}
