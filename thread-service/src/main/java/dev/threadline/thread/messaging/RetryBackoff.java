package dev.threadline.thread.messaging;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter for a consumer retrying a batch: the n-th consecutive failure waits a random
 * time up to {@code min(max, initial × 2^(n-1))}, so consumers that failed together (a deadlock, a database restart)
 * do not retry in lockstep. A success resets it. Used by one consumer thread only.
 */
final class RetryBackoff {

    private final Duration initial;
    private final Duration max;
    private int failures;

    RetryBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max.compareTo(initial) < 0 ? initial : max;
    }

    /** Counts a failure and returns how long to wait before the next attempt. */
    Duration next() {
        failures++;
        long ceiling = initial.toMillis() << Math.min(failures - 1, 20);
        long bound = Math.max(1, Math.min(max.toMillis(), ceiling));
        return Duration.ofMillis(initial.toMillis() / 2 + ThreadLocalRandom.current().nextLong(Math.max(1, bound - initial.toMillis() / 2)));
    }

    /** Consecutive failures so far. */
    int failures() {
        return failures;
    }

    void reset() {
        failures = 0;
    }
}
