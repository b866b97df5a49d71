package dev.threadline.thread.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/**
 * How the thread service consumes conversation-events.
 *
 * @param bootstrapServers brokers to bootstrap from ({@code KAFKA_BOOTSTRAP_SERVERS})
 * @param groupId          consumer group; instances of one group share the partitions
 * @param maxPollRecords   upper bound of one batch, which is one database transaction
 * @param consumers        consumers of conversation-events in this instance, each on its own thread
 *                         with its own partitions and database connection: PostgreSQL applies their
 *                         batches in parallel
 * @param pollTimeout      how long one poll waits for records
 * @param retryBackoff     pause before a batch that failed on the database is tried again
 */
@ConfigurationProperties("threadline.kafka")
public record ThreadKafkaConfig(
        @NotBlank String bootstrapServers,
        @Bindable(defaultValue = "thread-service") String groupId,
        @Bindable(defaultValue = "2000") int maxPollRecords,
        @Bindable(defaultValue = "2") @Min(1) @Max(32) int consumers,
        @Bindable(defaultValue = "500ms") Duration pollTimeout,
        @Bindable(defaultValue = "1s") Duration retryBackoff) {
}
