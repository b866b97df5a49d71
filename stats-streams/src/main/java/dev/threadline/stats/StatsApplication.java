package dev.threadline.stats;

import io.micronaut.runtime.Micronaut;

/**
 * Entry point of stats-streams: the Kafka Streams analytics of conversation-events (per-conversation metrics,
 * windowed first-response time, resolution time and sentiment, status counts) and their interactive queries over
 * HTTP. The streams start once the HTTP server listens ({@code streams.StatsStreams}); {@code /health} is UP once
 * they run.
 */
public final class StatsApplication {

    private StatsApplication() {
    }

    public static void main(String[] args) {
        Micronaut.run(StatsApplication.class, args);
    }
}
