package dev.threadline.stats;

import io.micronaut.runtime.Micronaut;

/**
 * Entry point of stats-streams. So far it only answers {@code /health}; the Kafka Streams
 * analytics topology (first-response time, resolution time, sentiment) is the next step.
 */
public final class StatsApplication {

    private StatsApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(StatsApplication.class, args);
    }
}
