package dev.threadline.ingest.api;

import dev.threadline.ingest.messaging.ConversationEventPublisher;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Readiness;
import jakarta.inject.Singleton;
import java.util.Map;
import org.reactivestreams.Publisher;

/**
 * Readiness from the publisher's real state: DOWN while no publisher thread can publish (its last
 * transaction failed, or no producer could be initialised), so a load balancer stops sending
 * commands that would only get 503.
 */
@Singleton
@Readiness
class PublisherReadinessIndicator implements HealthIndicator {

    private static final String NAME = "kafkaPublisher";

    private final ConversationEventPublisher publisher;

    PublisherReadinessIndicator(ConversationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        HealthResult result = publisher.unavailable()
                .map(reason -> HealthResult.builder(NAME, HealthStatus.DOWN).details(Map.of("reason", reason)).build())
                .orElseGet(() -> HealthResult.builder(NAME, HealthStatus.UP).build());
        return Publishers.just(result);
    }
}
