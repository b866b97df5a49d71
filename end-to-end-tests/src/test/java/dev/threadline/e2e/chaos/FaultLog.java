package dev.threadline.e2e.chaos;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario's fault did and when, relative to the start of the load: the report shows it, and the recovery
 * time is measured from the first action to the moment the pipeline is back to its pre-fault lag.
 */
final class FaultLog {

    private final long loadStartNanos;
    private final List<String> actions = new ArrayList<>();
    private long firstNanos = Long.MIN_VALUE;
    private long lastNanos = Long.MIN_VALUE;

    FaultLog(long loadStartNanos) {
        this.loadStartNanos = loadStartNanos;
    }

    /** Runs {@code action} and records it under {@code what}. */
    synchronized void act(String what, Runnable action) {
        long start = System.nanoTime();
        if (firstNanos == Long.MIN_VALUE) {
            firstNanos = start;
        }
        action.run();
        lastNanos = System.nanoTime();
        actions.add(String.format("t+%.1fs %s (%.1f s)", (start - loadStartNanos) / 1e9, what, (lastNanos - start) / 1e9));
    }

    synchronized void note(String what) {
        actions.add(String.format("t+%.1fs %s", (System.nanoTime() - loadStartNanos) / 1e9, what));
    }

    synchronized List<String> actions() {
        return List.copyOf(actions);
    }

    synchronized boolean injected() {
        return firstNanos != Long.MIN_VALUE;
    }

    synchronized long firstNanos() {
        return firstNanos;
    }

    synchronized long lastNanos() {
        return lastNanos;
    }
}
