package dev.threadline.ingest.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.Producer;

/**
 * What the publishers tell Prometheus (docs/operations.md, "Metrics"): events published by type and source, the size
 * and duration of each Kafka transaction by outcome, the intake's dead letters by reason, and the Kafka client metrics of
 * every producer the service builds itself (micronaut-kafka binds those of the intake's consumer).
 */
@Singleton
public class PublishMeters {

    /** Where published events came from: the HTTP API or the Kafka intake. */
    public enum Source { HTTP, INTAKE }

    private final MeterRegistry registry;
    /** Each source's meters, built once: the publishers record into them for every transaction. */
    private final Map<Source, SourceMeters> bySource = new EnumMap<>(Source.class);

    public PublishMeters(MeterRegistry registry) {
        this.registry = registry;
        for (Source source : Source.values()) {
            bySource.put(source, new SourceMeters(source.name().toLowerCase()));
        }
        // Every reason from the start, so a dashboard's rate reads 0 rather than nothing before the first dead letter.
        IntakeTranslator.REASONS.forEach(reason -> commandsDeadLettered(reason));
    }

    /** A transaction committed with these event types (the simple names of their payloads). */
    void committed(Source source, Collection<String> eventTypes, Duration took) {
        SourceMeters meters = bySource.get(source);
        for (String type : eventTypes) {
            meters.published(type).increment();
        }
        meters.transaction("committed").record(took);
        meters.eventsPerTransaction.record(eventTypes.size());
    }

    /** A transaction did not commit, or its outcome could not be learned ({@code outcome}: failed, unknown). */
    void notCommitted(Source source, String outcome, Duration took) {
        bySource.get(source).transaction(outcome).record(took);
    }

    /** The intake wrote a command to its dead-letter topic, for {@code reason}. */
    void commandDeadLettered(String reason) {
        commandsDeadLettered(reason).increment();
    }

    private Counter commandsDeadLettered(String reason) {
        return Counter.builder("threadline.commands.dead.lettered")
                .description("Intake commands written to conversation-commands.dlq, by reason")
                .tag("reason", reason)
                .register(registry);
    }

    /** Binds a producer's Kafka client metrics; closing the result removes them (when the producer goes). */
    AutoCloseable bind(Producer<?, ?> producer) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        return metrics;
    }

    /** The meters of one source: per event type and per transaction outcome, each registered on first use. */
    private final class SourceMeters {

        private final String source;
        private final Map<String, Counter> publishedByType = new ConcurrentHashMap<>();
        private final Map<String, Timer> transactionsByOutcome = new ConcurrentHashMap<>();
        private final DistributionSummary eventsPerTransaction;

        private SourceMeters(String source) {
            this.source = source;
            this.eventsPerTransaction = DistributionSummary.builder("threadline.publish.transaction.events")
                    .description("Events per committed Kafka transaction")
                    .tag("source", source)
                    .register(registry);
        }

        Counter published(String type) {
            return publishedByType.computeIfAbsent(type, key -> Counter.builder("threadline.events.published")
                    .description("Events committed to conversation-events, by type and source")
                    .tag("source", source)
                    .tag("type", type)
                    .register(registry));
        }

        Timer transaction(String outcome) {
            return transactionsByOutcome.computeIfAbsent(outcome, key -> Timer.builder("threadline.publish.transaction")
                    .description("Duration of a publishing Kafka transaction, from begin to its settled outcome")
                    .tag("source", source)
                    .tag("outcome", outcome)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(30))
                    .register(registry));
        }
    }
}
