package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestProperties;
import io.micronaut.configuration.kafka.ConsumerRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.graceful.GracefulShutdownConfiguration;
import io.micronaut.runtime.graceful.GracefulShutdownManager;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A stopping ingest service finishes its graceful shutdown instead of sitting out the grace period: nothing it runs
 * (the HTTP server, the intake's Kafka listener loop, the scheduled house-keeping) keeps the shutdown waiting.
 */
class GracefulShutdownIT {

    @Test
    void gracefulShutdownCompletesWithinTheGracePeriodWhileTheIntakeIsPolling() throws Exception {
        // Given a running ingest service whose Kafka intake is polling
        Map<String, Object> properties = new HashMap<>(TestProperties.service("ingest_graceful_shutdown_it"));
        try (ApplicationContext context = ApplicationContext.run(EmbeddedServer.class, properties, "test").getApplicationContext()) {
            ConsumerRegistry consumers = context.getBean(ConsumerRegistry.class);
            Eventually.eventually(Duration.ofSeconds(30), Duration.ofMillis(200),
                    () -> consumers.getConsumerIds().isEmpty() ? null : consumers.getConsumerIds());
            Duration gracePeriod = context.getBean(GracefulShutdownConfiguration.class).getGracePeriod();
            assertThat(gracePeriod).isPositive();

            // When it shuts down gracefully, Then every part reports done before the grace period is over
            assertThatCode(() -> context.getBean(GracefulShutdownManager.class).shutdownGracefully()
                    .toCompletableFuture().get(gracePeriod.toMillis(), TimeUnit.MILLISECONDS))
                    .as("graceful shutdown within %s", gracePeriod)
                    .doesNotThrowAnyException();
        }
    }
}
