package dev.threadline.thread.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
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
 * @param searchConsumers  consumers of the search indexer (group {@code <groupId>-search}) in this instance; 0 leaves
 *                         indexing to other instances (search then finds nothing new if none runs one). Two
 *                         catch up on a backlog faster, but cost the read model latency under a steady load
 * @param fetchMinBytes    how many bytes a fetch waits for (at most {@code fetchMaxWait}) before it returns records: each
 *                         batch is a database transaction with a durable commit, so under a steady flow fewer, larger
 *                         batches cost PostgreSQL less per event
 * @param fetchMaxWait     longest a fetch waits for {@code fetchMinBytes}; adds at most this much to the time an event
 *                         takes to become visible when the flow is light
 * @param pollTimeout      how long one poll waits for records
 * @param retryBackoff     first pause before a batch that failed on the database is tried again; each further
 *                         failure doubles it (with jitter) up to {@code retryBackoffMax}
 * @param retryBackoffMax  longest pause between two attempts of a batch; well below Kafka's max.poll.interval.ms
 * @param searchYieldLag   how far behind in time (a batch's commit minus its oldest record's produce time) the instance's read
 *                         model may be before its search indexer pauses for it, resuming once it is within half of
 *                         that: after an outage the read model catches up first and search after it; 0 never pauses
 * @param sessionTimeout   how long the group waits for a consumer that stopped heartbeating (a crashed instance)
 *                         before its partitions go to the others
 * @param instanceId       this instance's stable name for static group membership: an instance restarted under the
 *                         same name gets its partitions back at once, without a rebalance. Defaults to host name and
 *                         HTTP port; static membership is off when neither is set nor the port fixed
 */
@ConfigurationProperties("threadline.kafka")
public record ThreadKafkaConfig(
        @NotBlank String bootstrapServers,
        @Bindable(defaultValue = "thread-service") String groupId,
        @Bindable(defaultValue = "2000") int maxPollRecords,
        @Bindable(defaultValue = "2") @Min(1) @Max(32) int consumers,
        @Bindable(defaultValue = "1") @Min(0) @Max(32) int searchConsumers,
        @Bindable(defaultValue = "262144") @Min(1) int fetchMinBytes,
        @Bindable(defaultValue = "100ms") Duration fetchMaxWait,
        @Bindable(defaultValue = "500ms") Duration pollTimeout,
        @Bindable(defaultValue = "500ms") Duration retryBackoff,
        @Bindable(defaultValue = "5s") Duration retryBackoffMax,
        @Bindable(defaultValue = "5s") Duration searchYieldLag,
        @Bindable(defaultValue = "10s") Duration sessionTimeout,
        @Nullable String instanceId) {

    /** The consumer group of the search indexer. */
    public String searchGroupId() {
        return groupId + "-search";
    }
}
