package dev.threadline.thread.health;

import dev.threadline.thread.messaging.ConversationEventConsumers;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import io.micronaut.management.health.indicator.annotation.Liveness;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Liveness: DOWN only if an event consumer's thread has ended while the service runs — which takes an Error, since
 * every exception is caught and retried — so that an orchestrator restarts a process that can no longer consume.
 */
@Singleton
@Liveness
public class ConsumersLiveness implements HealthIndicator {

    private final ConversationEventConsumers consumers;

    public ConsumersLiveness(ConversationEventConsumers consumers) {
        this.consumers = consumers;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Publishers.just(HealthResult.builder("eventConsumerThreads",
                consumers.allAlive() ? HealthStatus.UP : HealthStatus.DOWN).build());
    }
}
