package dev.threadline.ingest.api;

import dev.threadline.ingest.messaging.ConversationEventPublisher;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Liveness: DOWN only if the process is wedged, i.e. a publisher thread has ended while the service
 * runs (which the threads' own supervision should make impossible); Kafka being away is not a
 * reason to restart the process, so it does not count here.
 */
@Singleton
@Liveness
class PublisherLivenessIndicator implements HealthIndicator {

    private static final String NAME = "kafkaPublisherThreads";

    private final ConversationEventPublisher publisher;

    PublisherLivenessIndicator(ConversationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder(NAME, publisher.publisherThreadsAlive() ? HealthStatus.UP : HealthStatus.DOWN).build());
    }
}
