package dev.threadline.localstack;

import dev.threadline.schemas.topics.Topic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics of the registry ({@code Topics.all()}) on a cluster, with each topic's partitions and
 * configuration. Idempotent: a topic that exists is left as it is, so it runs on every start. The replication
 * factor is the caller's, because it is a property of the cluster (1 locally, 3 in production). When it returns,
 * the brokers know every created topic, so clients can use them at once.
 */
public final class TopicProvisioner {

    private static final long TIMEOUT_SECONDS = 60;

    private TopicProvisioner() {
    }

    /**
     * Creates every topic of {@code topics} that does not exist yet.
     *
     * @return the names of the topics created by this call
     */
    public static List<String> provision(String bootstrapServers, Collection<? extends Topic<?, ?>> topics,
            short replicationFactor) {
        return provision(bootstrapServers, Map.of(), topics, replicationFactor);
    }

    /** {@link #provision(String, Collection, short)} as an admin client with {@code clientProperties} (its login). */
    public static List<String> provision(String bootstrapServers, Map<String, Object> clientProperties,
            Collection<? extends Topic<?, ?>> topics, short replicationFactor) {
        List<NewTopic> requested = topics.stream()
                .map(topic -> new NewTopic(topic.name(), topic.partitions(), replicationFactor).configs(topic.config()))
                .toList();
        Map<String, Object> settings = new HashMap<>(clientProperties);
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(settings)) {
            Map<String, KafkaFuture<Void>> results = admin.createTopics(requested).values();
            List<String> created = new ArrayList<>();
            for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
                if (awaitCreation(result.getKey(), result.getValue(), bootstrapServers)) {
                    created.add(result.getKey());
                }
            }
            awaitVisible(admin, created, bootstrapServers);
            return created;
        }
    }

    /** The controller has created a topic before every broker's metadata shows it; wait for the latter. */
    private static void awaitVisible(Admin admin, List<String> topics, String bootstrapServers) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!topics.isEmpty()) {
            try {
                admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new LocalStackException("Kafka at " + bootstrapServers + " created " + topics
                            + " but does not show them", e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("Interrupted while waiting for new topics", e);
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for new topics", e);
        }
    }

    private static boolean awaitCreation(String topic, KafkaFuture<Void> creation, String bootstrapServers) {
        try {
            creation.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw new LocalStackException("Cannot create topic " + topic + " on " + bootstrapServers + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LocalStackException("Kafka at " + bootstrapServers + " did not create topic " + topic
                    + " within " + TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while creating topic " + topic, e);
        }
    }
}
