package dev.threadline.stats.topology;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What stats-streams tells Prometheus of its own (docs/operations.md, "Metrics"), beside Kafka Streams' client metrics:
 * the end-to-end latency from the ingest service's acceptance of an event ({@code ingested_at}) to its conversation's
 * metrics being emitted, events dead-lettered by reason, and the lag of the application's input in records and seconds.
 *
 * <p>Kafka Streams creates the processors and the exception handlers; the processors get this from
 * {@link StatsTopology#buildTopology(dev.threadline.stats.config.StatsConfig, StatsMeters)}, the handlers from the
 * Streams configuration ({@link #CONFIG}).
 */
public final class StatsMeters {

    /** The key under which the Streams configuration hands this to the exception handlers. */
    public static final String CONFIG = "threadline.stats.meters";

    private final MeterRegistry registry;
    private final Timer latency;
    /** Per input partition, the ingest time of the last event processed. */
    private final Map<Integer, Long> lastIngestedAt = new ConcurrentHashMap<>();
    /** Per reason, its dead-letter counter: every known reason from the start, so a rate reads 0 rather than nothing. */
    private final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

    public StatsMeters(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("threadline.end.to.end.latency")
                .description("From the ingest service's acceptance of an event (ingested_at) to its effect: committed"
                        + " in the read model or the search index, or its conversation's metrics published")
                .tag("stage", "metrics")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        StatsDeadLetters.REASONS.forEach(this::deadLetters);
    }

    /** Meters nobody reads: for tests and tools that build the topology without a service. */
    public static StatsMeters unregistered() {
        return new StatsMeters(new SimpleMeterRegistry());
    }

    /** The conversation metrics of events accepted at {@code ingestedAt[0..count)} were emitted at {@code now}. */
    void emitted(long[] ingestedAt, int count, long now) {
        for (int i = 0; i < count; i++) {
            latency.record(Math.max(0, now - ingestedAt[i]), TimeUnit.MILLISECONDS);
        }
    }

    /** By the last emission, input partition {@code partition} had processed events up to one accepted at {@code ingestedAt}. */
    void processed(int partition, long ingestedAt) {
        lastIngestedAt.put(partition, ingestedAt);
    }

    /** A record was written to the dead-letter topic for {@code reason}. */
    void deadLettered(String reason) {
        deadLetters(reason).increment();
    }

    private Counter deadLetters(String reason) {
        return deadLettered.computeIfAbsent(reason, r -> Counter.builder("threadline.events.dead.lettered")
                .description("Records written to a dead-letter topic, by consumer and reason")
                .tag("consumer", StatsDeadLetters.CONSUMER)
                .tag("reason", r)
                .register(registry));
    }

    /**
     * Registers the lag gauges of the application's input, {@code group}: {@code lags} answers, per input partition this
     * instance reads, how many records it has yet to process (from Kafka Streams' consumer metrics).
     */
    public void watchLag(String group, Supplier<Map<Integer, Long>> lags) {
        Gauge.builder("threadline.consumer.lag.records",
                        () -> lags.get().values().stream().mapToLong(lag -> Math.max(0, lag)).sum())
                .description("Records of conversation-events this instance's consumers of the group have yet to apply")
                .tag("group", group)
                .register(registry);
        Gauge.builder("threadline.consumer.lag.seconds", () -> {
                    long now = System.currentTimeMillis();
                    double behind = 0;
                    for (Map.Entry<Integer, Long> lag : lags.get().entrySet()) {
                        Long last = lastIngestedAt.get(lag.getKey());
                        if (last != null && lag.getValue() > 0) {
                            behind = Math.max(behind, (now - last) / 1000.0);
                        }
                    }
                    return behind;
                })
                .description("How far behind the log end the group's consumers in this instance are: the age of the"
                        + " last record applied while records wait, else 0")
                .tag("group", group)
                .baseUnit("seconds")
                .register(registry);
    }

    /** The meters handed to the exception handlers through {@code configs}, or unregistered ones. */
    static StatsMeters of(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof StatsMeters meters ? meters : unregistered();
    }
}
