package dev.threadline.ingest.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Collection;
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
    /** The counters of events published, by source and type: looked up once, not built anew for every event. */
    private final Map<String, Counter> published = new ConcurrentHashMap<>();

    public PublishMeters(MeterRegistry registry) {
        this.registry = registry;
        // Every reason from the start, so a dashboard's rate reads 0 rather than nothing before the first dead letter.
        IntakeTranslator.REASONS.forEach(reason -> commandsDeadLettered(reason));
    }

    /** A transaction committed with these event types (the simple names of their payloads). */
    void committed(Source source, Collection<String> eventTypes, Duration took) {
        String origin = source.name().toLowerCase();
        for (String type : eventTypes) {
            eventsPublished(origin, type).increment();
        }
        transaction(origin, "committed").record(took);
        DistributionSummary.builder("threadline.publish.transaction.events")
                .description("Events per committed Kafka transaction")
                .tag("source", origin)
                .register(registry)
                .record(eventTypes.size());
    }

    /** A transaction did not commit, or its outcome could not be learned ({@code outcome}: failed, unknown). */
    void notCommitted(Source source, String outcome, Duration took) {
        transaction(source.name().toLowerCase(), outcome).record(took);
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

    private Counter eventsPublished(String source, String type) {
        return published.computeIfAbsent(source + ' ' + type, key -> newEventsPublished(source, type));
    }

    private Counter newEventsPublished(String source, String type) {
        return Counter.builder("threadline.events.published")
                .description("Events committed to conversation-events, by type and source")
                .tag("source", source)
                .tag("type", type)
                .register(registry);
    }

    private Timer transaction(String source, String outcome) {
        return Timer.builder("threadline.publish.transaction")
                .description("Duration of a publishing Kafka transaction, from begin to its settled outcome")
                .tag("source", source)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
    }
}
