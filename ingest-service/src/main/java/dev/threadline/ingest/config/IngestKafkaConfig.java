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
 * <p>The timeouts nest: a caller waits at most {@code publishTimeout}; a record not acknowledged within
 * {@code deliveryTimeout} (no longer than the wait) fails its transaction, so most callers learn a definite
 * "not published" before their wait ends; each blocking producer call returns after {@code maxBlock}, so the
 * publisher thread stays responsive; a commit whose outcome stays unknown is retried for up to
 * {@code transactionTimeout}.
 *
 * @param bootstrapServers       brokers to bootstrap from ({@code KAFKA_BOOTSTRAP_SERVERS})
 * @param publishTimeout         how long a caller waits for its events to be committed; past it the caller gets
 *                               503 problem+json with Retry-After. A call still waiting in the queue is then
 *                               never published; a call already inside a transaction is answered "outcome not
 *                               known yet, retry with the same Idempotency-Key". Also how soon a call fails
 *                               while the publisher knows Kafka is unreachable: at once.
 * @param deliveryTimeout        how long a record may wait for the broker's acknowledgement before its
 *                               transaction fails (Kafka's {@code delivery.timeout.ms}); at most
 *                               {@code publishTimeout}, longer than {@code linger}. {@code request.timeout.ms}
 *                               is derived as {@code deliveryTimeout - linger}, capped at 30 s, as Kafka requires.
 * @param maxBlock               how long one send, commit or initialisation may block waiting for metadata, buffer
 *                               space or the coordinator (Kafka's {@code max.block.ms}); a commit that times out
 *                               is retried until {@code transactionTimeout}
 * @param linger                 how long the producer waits to fill a batch
 * @param compression            producer compression codec
 * @param instanceId             this instance's name, unique among running instances; part of the stable
 *                               transactional ids, so a restarted instance fences its own unfinished
 *                               transactions at once. Defaults to host name and HTTP port.
 * @param publisherThreads       transactions in flight at once; each has its own producer
 * @param maxEventsPerTransaction most events committed in one transaction (group commit of many requests)
 * @param queueCapacity          most requests waiting for a transaction; beyond it callers get 503
 * @param transactionTimeout     how long the coordinator waits before aborting a transaction of a crashed instance;
 *                               also how long a commit of unknown outcome is retried before its producer is replaced
 */
@ConfigurationProperties("threadline.kafka")
public record IngestKafkaConfig(
        @NotBlank String bootstrapServers,
        @Bindable(defaultValue = "5s") Duration publishTimeout,
        @Bindable(defaultValue = "4s") Duration deliveryTimeout,
        @Bindable(defaultValue = "2s") Duration maxBlock,
        @Bindable(defaultValue = "5ms") Duration linger,
        @Bindable(defaultValue = "lz4") String compression,
        @Nullable String instanceId,
        @Bindable(defaultValue = "2") @Positive int publisherThreads,
        @Bindable(defaultValue = "5000") @Positive int maxEventsPerTransaction,
        @Bindable(defaultValue = "20000") @Positive int queueCapacity,
        @Bindable(defaultValue = "20s") Duration transactionTimeout) {

    public IngestKafkaConfig {
        if (deliveryTimeout.compareTo(linger) <= 0) {
            throw new IllegalArgumentException("threadline.kafka.delivery-timeout (" + deliveryTimeout
                    + ") must be longer than threadline.kafka.linger (" + linger + ")");
        }
        if (deliveryTimeout.compareTo(publishTimeout) > 0) {
            throw new IllegalArgumentException("threadline.kafka.delivery-timeout (" + deliveryTimeout
                    + ") must not be longer than threadline.kafka.publish-timeout (" + publishTimeout + ")");
        }
    }
}
