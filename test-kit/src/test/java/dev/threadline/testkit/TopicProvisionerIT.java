package dev.threadline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.TopicProvisioner;
import dev.threadline.schemas.topics.Topic;
import dev.threadline.schemas.topics.Topics;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

class TopicProvisionerIT {

    private final String bootstrapServers = TestInfrastructure.shared().kafkaBootstrapServers();

    @Test
    void missingTopicsAreCreatedWithTheirPartitionsAndConfig() throws Exception {
        // given registry topics under names this broker has not seen
        String prefix = "provisioner-" + UUID.randomUUID() + "-";
        List<Topic<?, ?>> topics = Topics.all().stream().<Topic<?, ?>>map(topic -> renamed(topic, prefix)).toList();

        // when
        List<String> created = TopicProvisioner.provision(bootstrapServers, topics, (short) 1);

        // then
        assertThat(created).containsExactlyInAnyOrderElementsOf(topics.stream().map(Topic::name).toList());
        assertExistAsDeclared(topics);
    }

    @Test
    void provisioningTheRegistryAgainCreatesNothingAndKeepsEveryTopicAsDeclared() throws Exception {
        // given the shared infrastructure provisioned the registry at startup

        // when
        List<String> created = TopicProvisioner.provision(bootstrapServers, Topics.all(), (short) 1);

        // then
        assertThat(created).isEmpty();
        assertExistAsDeclared(Topics.all());
    }

    private void assertExistAsDeclared(Collection<Topic<?, ?>> topics) throws ExecutionException, InterruptedException {
        List<String> names = topics.stream().map(Topic::name).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get();
            for (Topic<?, ?> topic : topics) {
                assertThat(descriptions.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
                Config actual = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()));
                topic.config().forEach((key, value) ->
                        assertThat(actual.get(key).value()).as(topic.name() + " " + key).isEqualTo(value));
            }
        }
    }

    private static <K, V> Topic<K, V> renamed(Topic<K, V> topic, String prefix) {
        return new Topic<>(prefix + topic.name(), topic.keySerde(), topic.valueSerde(), topic.partitions(), topic.config());
    }
}
