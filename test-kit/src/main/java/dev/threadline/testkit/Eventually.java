package dev.threadline.testkit;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting in tests for what happens asynchronously (a projection, a consumer, a service starting): poll a probe until
 * it answers, or retry a check until it passes, within a deadline. An interrupt fails the test at once.
 */
public final class Eventually {

    /** How long {@link #eventually(Supplier)} waits. */
    public static final Duration WAIT = Duration.ofSeconds(20);
    /** How long {@link #eventually(Supplier)} pauses between probes. */
    public static final Duration POLL = Duration.ofMillis(100);

    private Eventually() {
    }

    /** Polls {@code probe} until it returns non-null, for up to {@link #WAIT}; its first non-null answer. */
    public static <T> T eventually(Supplier<T> probe) {
        return eventually(WAIT, POLL, probe);
    }

    /** Polls {@code probe} every {@code poll} until it returns non-null, for up to {@code timeout}. */
    public static <T> T eventually(Duration timeout, Duration poll, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() - deadline < 0) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            pause(poll);
        }
        throw new AssertionError("Condition not met within " + timeout);
    }

    /**
     * Polls {@code probe} every {@code poll} until {@code done} holds for its answer or {@code timeout} is over, and
     * returns the last answer either way, for the caller's assertions to judge; a probe's {@link AssertionError} is
     * retried until the deadline, then thrown.
     */
    public static <T> T until(Duration timeout, Duration poll, Supplier<T> probe, Predicate<? super T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                T value = probe.get();
                if (done.test(value) || System.nanoTime() - deadline > 0) {
                    return value;
                }
            } catch (AssertionError e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            pause(poll);
        }
    }

    /** Retries {@code check} every {@code poll} until it passes or {@code timeout} is over; the last failure is thrown. */
    public static void untilPasses(Duration timeout, Duration poll, Runnable check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
            pause(poll);
        }
    }

    /** Sleeps; an interrupt keeps the thread's flag and fails the test. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while waiting", e);
        }
    }
}
