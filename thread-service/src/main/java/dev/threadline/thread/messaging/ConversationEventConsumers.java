package dev.threadline.thread.messaging;

import dev.threadline.schemas.topics.Topics;
import dev.threadline.security.KafkaClientSecurity;
import dev.threadline.thread.config.ThreadKafkaConfig;
import dev.threadline.thread.projection.OffsetStore;
import dev.threadline.thread.service.ConversationProjection;
import dev.threadline.thread.service.Projections;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The instance's consumers of conversation-events ({@code threadline.kafka.consumers}). They are
 * members of one consumer group, so each holds its own partitions; a conversation lives on one
 * partition, so two consumers never write the same conversation's rows, and each applies its
 * batches in transactions of its own. More consumers let PostgreSQL work on several batches at
 * once; more than the topic's partitions leaves the extra ones idle.
 *
 * <p>The search indexer's consumers ({@code threadline.kafka.search-consumers}) form a second group,
 * {@code <group id>-search}, with offsets of its own: they read the same events and keep only the
 * search index, so a message is searchable shortly after it is readable, never holding the read model up; while
 * this instance's read model is more than {@code search-yield-lag} behind, they wait for it.
 *
 * <p>Each consumer is a static member of its group (KIP-345) under a name stable across restarts of
 * the instance, so an instance that crashed and came back takes its partitions again at once instead
 * of after a rebalance; one that stays away loses them after the session timeout.
 */
@Context
public class ConversationEventConsumers {

    private final List<ConversationEventConsumer> consumers = new ArrayList<>();

    public ConversationEventConsumers(ThreadKafkaConfig config,
                                      @Named(Projections.READ_MODEL) ConversationProjection readModel,
                                      @Named(Projections.SEARCH) ConversationProjection search,
                                      OffsetStore offsets, ConsumerHealth health, KafkaClientSecurity security,
                                      ConsumerMeters meters, @Value("${micronaut.server.port:-1}") int port) {
        String instanceId = instanceId(config, port);
        String topic = Topics.CONVERSATION_EVENTS.name();
        ConsumerMeters.Projection readModelMeters = meters.projection(Projections.READ_MODEL);
        ConsumerMeters.Projection searchMeters = meters.projection(Projections.SEARCH);
        ReadModelBacklog backlog = new ReadModelBacklog();
        for (int number = 1; number <= config.consumers(); number++) {
            consumers.add(new ConversationEventConsumer(topic + "-consumer-" + number, config.groupId(), config,
                    security.addTo(settings(config, config.groupId(), instanceId, topic + "-" + instanceId + "-" + number)),
                    readModel, offsets, health, meters, readModelMeters, backlog, true));
        }
        for (int number = 1; number <= config.searchConsumers(); number++) {
            consumers.add(new ConversationEventConsumer(topic + "-search-consumer-" + number, config.searchGroupId(), config,
                    security.addTo(settings(config, config.searchGroupId(), instanceId,
                            topic + "-search-" + instanceId + "-" + number)),
                    search, offsets, health, meters, searchMeters, backlog, false));
        }
    }

    /** Whether every consumer thread is alive; only an Error ends one before shutdown. */
    public boolean allAlive() {
        return consumers.stream().allMatch(PollingConsumer::isAlive);
    }

    private static Map<String, Object> settings(ThreadKafkaConfig config, String groupId, String instanceId, String member) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Only events of committed producer transactions are applied.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) config.sessionTimeout().toMillis(),
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, config.sessionTimeout().toMillis() / 4)));
        // Each batch is a database transaction with a durable commit: under a steady flow, a fetch that returns as soon
        // as one record is there makes many tiny ones. Waiting up to fetch-max-wait for fetch-min-bytes gathers them.
        settings.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, config.fetchMinBytes());
        settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) config.fetchMaxWait().toMillis());
        if (instanceId != null) {
            settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, member);
        }
        return settings;
    }

    /** The configured name, else host name and HTTP port; none (no static membership) when the port is random. */
    private static String instanceId(ThreadKafkaConfig config, int port) {
        if (config.instanceId() != null && !config.instanceId().isBlank()) {
            return config.instanceId();
        }
        if (port <= 0) {
            return null;
        }
        try {
            return InetAddress.getLocalHost().getHostName() + "-" + port;
        } catch (UnknownHostException e) {
            return "localhost-" + port;
        }
    }

    @PreDestroy
    void close() throws InterruptedException {
        for (ConversationEventConsumer consumer : consumers) {
            consumer.stopPolling();
        }
        for (ConversationEventConsumer consumer : consumers) {
            consumer.stop();
        }
    }
}
