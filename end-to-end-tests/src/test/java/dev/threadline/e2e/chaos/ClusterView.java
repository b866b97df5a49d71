package dev.threadline.e2e.chaos;

import dev.threadline.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * The chaos stack's Kafka as its admin API shows it: which node to kill to take out the leader of busy partitions or
 * the active controller, and an admin client with short timeouts for samplers that must not hang on a dead broker.
 */
record ClusterView(String bootstrapServers) {

    /** The node that leads {@code partition} of conversation-events. */
    int leaderOfEventsPartition(int partition) {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(Topics.CONVERSATION_EVENTS.name())).allTopicNames().get()
                    .get(Topics.CONVERSATION_EVENTS.name()).partitions().get(partition).leader().id();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot find the leader of conversation-events-" + partition, e);
        }
    }

    /** The node that leads the KRaft controller quorum. */
    int activeController() {
        try (Admin admin = admin()) {
            return admin.describeMetadataQuorum().quorumInfo().get().leaderId();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot find the active controller", e);
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000));
    }
}
