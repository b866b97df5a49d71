package dev.threadline.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * How the ingest service talks to Kafka.
 *
 * @param bootstrapServers       brokers to bootstrap from ({@code KAFKA_BOOTSTRAP_SERVERS})
 * @param deliveryTimeout        upper bound on how long an accepted command may wait for Kafka; past it the
 *                               caller gets 503 (Kafka's {@code delivery.timeout.ms})
 * @param maxBlock               how long a send or commit may wait for metadata, buffer space or the coordinator
 * @param linger                 how long the producer waits to fill a batch
 * @param compression            producer compression codec
 * @param instanceId             this instance's name, unique among running instances; part of the stable
 *                               transactional ids, so a restarted instance fences its own unfinished
 *                               transactions at once. Defaults to host name and HTTP port.
 * @param publisherThreads       transactions in flight at once; each has its own producer
 * @param maxEventsPerTransaction most events committed in one transaction (group commit of many requests)
 * @param queueCapacity          most requests waiting for a transaction; beyond it callers get 503
 * @param transactionTimeout     how long the coordinator waits before aborting a transaction of a crashed instance
 */
@ConfigurationProperties("threadline.kafka")
public record IngestKafkaConfig(
        @NotBlank String bootstrapServers,
        @Bindable(defaultValue = "30s") Duration deliveryTimeout,
        @Bindable(defaultValue = "5s") Duration maxBlock,
        @Bindable(defaultValue = "5ms") Duration linger,
        @Bindable(defaultValue = "lz4") String compression,
        @Nullable String instanceId,
        @Bindable(defaultValue = "2") @Positive int publisherThreads,
        @Bindable(defaultValue = "5000") @Positive int maxEventsPerTransaction,
        @Bindable(defaultValue = "20000") @Positive int queueCapacity,
        @Bindable(defaultValue = "20s") Duration transactionTimeout) {
}
