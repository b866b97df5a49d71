package dev.threadline.localstack;

import java.time.Duration;

/**
 * The waits between restarts of one component: doubling from the first to the cap, so that a component that dies
 * at once on every start neither spins nor is left down for long once its cause is gone.
 *
 * <p>{@link #reset()} returns to the first wait; the supervisor calls it once a restarted component has stayed
 * healthy for a while. Not thread-safe: each supervisor owns one.
 */
final class RestartBackoff {

    private final Duration first;
    private final Duration cap;
    private Duration next;

    RestartBackoff(Duration first, Duration cap) {
        if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff must be 0 < first <= cap, not " + first + " and " + cap);
        }
        this.first = first;
        this.cap = cap;
        this.next = first;
    }

    /** The wait before the next attempt; each call doubles the one after it, up to the cap. */
    Duration next() {
        Duration current = next;
        Duration doubled = current.multipliedBy(2);
        next = doubled.compareTo(cap) > 0 ? cap : doubled;
        return current;
    }

    /** The wait {@link #next()} would return, without using it up. */
    Duration peek() {
        return next;
    }

    void reset() {
        next = first;
    }
}
