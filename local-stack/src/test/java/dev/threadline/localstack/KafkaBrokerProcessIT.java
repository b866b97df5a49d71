package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.schemas.topics.Topic;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerProcessIT {

    private static final Topic<String, String> GREETINGS =
            new Topic<>("greetings", Serdes.String(), Serdes.String(), 1, Map.of());

    @Test
    void recordProducedBeforeARestartIsReadAfterItFromTheSameStorage(@TempDir Path dataDir) throws IOException {
        // given a broker with one record in a topic
        KafkaBrokerProcess.Config config = KafkaBrokerProcess.Config.of(dataDir, LocalPorts.findFree(), LocalPorts.findFree());
        String clusterId;
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(config)) {
            TopicProvisioner.provision(broker.bootstrapServers(), List.of(GREETINGS), (short) 1);
            StringRecords.produce(broker.bootstrapServers(), GREETINGS.name(), "conversation-1", "hello");
            assertThat(StringRecords.readAll(broker.bootstrapServers(), GREETINGS.name())).containsExactly("conversation-1=hello");
            clusterId = clusterId(config);
        }

        // when it restarts on the same data directory
        try (KafkaBrokerProcess restarted = KafkaBrokerProcess.start(config)) {

            // then the storage was kept, not formatted again, and the record is still there
            assertThat(clusterId(config)).isEqualTo(clusterId);
            assertThat(StringRecords.readAll(restarted.bootstrapServers(), GREETINGS.name())).containsExactly("conversation-1=hello");
        }
    }

    @Test
    void brokerWhosePortIsTakenFailsWithItsExitCodeAndLogTail(@TempDir Path dataDir) throws IOException {
        // given the controller port, which the broker binds first, is taken
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            KafkaBrokerProcess.Config config =
                    KafkaBrokerProcess.Config.of(dataDir, LocalPorts.findFree(), taken.getLocalPort());

            // when / then
            assertThatThrownBy(() -> KafkaBrokerProcess.start(config))
                    .isInstanceOfSatisfying(LocalStackException.class, e -> {
                        assertThat(e.summary()).startsWith("kafka exited with code ").endsWith(" during startup");
                        assertThat(e.logFile()).contains(dataDir.resolve("broker.log"));
                        assertThat(e.getMessage()).contains("last lines of the log", "Address already in use");
                    });
        }
    }

    @Test
    void newStorageIsFormattedWithTheConfiguredFeatureLevels(@TempDir Path dataDir) throws Exception {
        // given a broker whose new storage is formatted with transactions version 1 instead of the release's default
        KafkaBrokerProcess.Config config = KafkaBrokerProcess.Config.of(dataDir, LocalPorts.findFree(), LocalPorts.findFree())
                .withFeatures(List.of("transaction.version=1"));

        // when it runs
        try (KafkaBrokerProcess broker = KafkaBrokerProcess.start(config);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {

            // then the cluster's finalized level is the configured one
            FinalizedVersionRange level = admin.describeFeatures().featureMetadata().get()
                    .finalizedFeatures().get("transaction.version");
            assertThat(level.maxVersionLevel()).isEqualTo((short) 1);
        }
    }

    private static String clusterId(KafkaBrokerProcess.Config config) throws IOException {
        return Files.readAllLines(config.logDir().resolve("meta.properties")).stream()
                .filter(line -> line.startsWith("cluster.id="))
                .findFirst()
                .orElseThrow();
    }
}
