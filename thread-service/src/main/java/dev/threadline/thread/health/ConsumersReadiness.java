package dev.threadline.thread.health;

import dev.threadline.thread.messaging.ConsumerHealth;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Readiness of the read model's writer: DOWN while an event consumer has kept failing to apply its batches for
 * {@value #FAILING_GRACE_S} s or more (the database is away or refuses them); a single retried deadlock does not flip
 * it. Whether Kafka answers is the {@code kafkaCluster} indicator, PostgreSQL's reachability Micronaut's {@code jdbc}
 * indicator, bounded by the pool's connection timeout.
 */
@Singleton
public class ConsumersReadiness implements HealthIndicator {

    static final long FAILING_GRACE_S = 5;

    private final ConsumerHealth consumers;
    private final Clock clock = Clock.systemUTC();

    public ConsumersReadiness(ConsumerHealth consumers) {
        this.consumers = consumers;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        Map<String, Object> details = new LinkedHashMap<>();
        boolean up = true;
        var failing = consumers.longestFailing();
        if (failing.isPresent()) {
            Duration since = Duration.between(failing.get().since(), clock.instant());
            details.put("failingFor", since.toMillis() + " ms");
            details.put("lastFailure", failing.get().reason());
            up = since.toSeconds() < FAILING_GRACE_S;
        }
        return Publishers.just(HealthResult.builder("eventConsumers", up ? HealthStatus.UP : HealthStatus.DOWN)
                .details(details).build());
    }
}
