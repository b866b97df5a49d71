package dev.threadline.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * How the ingest service talks to Kafka.
 *
 * @param bootstrapServers  brokers to bootstrap from ({@code KAFKA_BOOTSTRAP_SERVERS})
 * @param deliveryTimeout   upper bound on how long an accepted command may wait for Kafka's
 *                          acknowledgement before the caller gets 503; also Kafka's
 *                          {@code delivery.timeout.ms}
 * @param maxBlock          how long a send may wait for metadata or buffer space
 * @param linger            how long the producer waits to fill a batch
 * @param compression       producer compression codec
 */
@ConfigurationProperties("threadline.kafka")
public record IngestKafkaConfig(
        @NotBlank String bootstrapServers,
        @Bindable(defaultValue = "30s") Duration deliveryTimeout,
        @Bindable(defaultValue = "5s") Duration maxBlock,
        @Bindable(defaultValue = "5ms") Duration linger,
        @Bindable(defaultValue = "lz4") String compression) {
}
