package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import static dev.threadline.e2e.YamlFiles.list;
import static dev.threadline.e2e.YamlFiles.map;

import dev.threadline.localstack.ThreadlineService;
import dev.threadline.schemas.topics.Topic;
import dev.threadline.schemas.topics.Topics;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Guards the multi-node deployment in {@code docker-compose.yml}. The build machines have no
 * Docker engine, so the file is checked by reading it: these are the properties that make it a
 * three-broker cluster surviving the loss of one node, and that the services need to start and stop.
 * How their images are built: {@link ServiceImagesTest}; Prometheus and Grafana: {@link ComposeMonitoringTest}.
 */
class DockerComposeFileTest {

    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    /** How long the services take at most to drain on SIGTERM (docs/operations.md, "Graceful shutdown"). */
    private static final Duration SERVICE_DRAIN = Duration.ofSeconds(30);

    private static final ComposeFile COMPOSE = ComposeFile.read();

    @Test
    void brokersAreCombinedKraftNodesOfOneClusterWithAThreeVoterQuorum() {
        // Given the broker services, when their KRaft settings are read
        String quorum = environment("kafka-1").get("KAFKA_CONTROLLER_QUORUM_VOTERS");
        var clusterIds = BROKERS.stream().map(broker -> environment(broker).get("CLUSTER_ID")).distinct().toList();
        var voters = Arrays.stream(quorum.split(","))
                .map(voter -> voter.split("[@:]"))
                .collect(Collectors.toMap(voter -> voter[0], voter -> voter[1]));

        // Then each is broker and controller of the same cluster, and a voter in a quorum of all three
        assertThat(clusterIds).singleElement().asString().isNotBlank();
        assertThat(voters).hasSize(3);
        for (String broker : BROKERS) {
            assertThat(service(broker).get("image")).asString().startsWith("apache/kafka:");
            assertThat(environment(broker))
                    .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", quorum);
            assertThat(voters).containsEntry(environment(broker).get("KAFKA_NODE_ID"), broker);
        }
    }

    @Test
    void brokersReplicateThreeTimesAndAcknowledgeWithTwoInSyncReplicas() {
        // Given every broker, then topics, offsets and transaction state survive the loss of one node
        for (String broker : BROKERS) {
            assertThat(environment(broker))
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        }
    }

    @Test
    void everyBrokerPublishesTheHostListenerItAdvertisesAndKeepsItsDataInAVolume() {
        // Given each broker's advertised host listener
        var hostListeners = BROKERS.stream().collect(Collectors.toMap(b -> b, b -> advertised(b, "EXTERNAL")));

        // Then the brokers advertise distinct host ports, each one published as it is advertised
        assertThat(hostListeners.values()).doesNotHaveDuplicates().allMatch(listener -> listener.startsWith("localhost:"));
        for (String broker : BROKERS) {
            String port = hostListeners.get(broker).substring("localhost:".length());
            assertThat(list(service(broker).get("ports"))).containsExactly(port + ":" + port);
            assertThat(list(service(broker).get("volumes"))).singleElement().asString().endsWith(":/var/lib/kafka/data");
        }
    }

    @Test
    void kafkaInitCreatesEveryRegisteredTopicWithReplicationFactorThreeOnceBrokersAreHealthy() {
        // Given the one-shot init service
        String script = String.join("\n", list(service("kafka-init").get("command")));

        // When its topic list (name, partitions, cleanup.policy per line) is read
        String heredoc = "<<'TOPICS'\n";
        String lines = script.substring(script.indexOf(heredoc) + heredoc.length(), script.indexOf("\nTOPICS"));
        Map<String, String> created = lines.lines().map(line -> line.trim().split("\\s+", 2))
                .collect(Collectors.toMap(line -> line[0], line -> line[1]));

        // Then it matches the topic registry and waits for every broker
        Map<String, String> registered = Topics.all().stream().collect(Collectors.toMap(
                Topic::name,
                topic -> topic.partitions() + " " + topic.config().getOrDefault("cleanup.policy", "delete")));
        assertThat(created).containsExactlyInAnyOrderEntriesOf(registered);
        assertThat(script).contains("--create --if-not-exists").contains("--replication-factor 3");
        assertThat(conditionsOf("kafka-init")).containsAllEntriesOf(brokersHealthy());
    }

    @Test
    void servicesPublishTheirPortsAndListenOnEveryInterface() {
        // Given each service, then it serves HTTP on its port, published as it is, to the compose network
        for (ThreadlineService service : ThreadlineService.values()) {
            String port = String.valueOf(service.defaultPort());
            assertThat(list(service(service.module()).get("ports"))).contains(port + ":" + port);
            assertThat(environment(service.module()))
                    .containsEntry("MICRONAUT_SERVER_PORT", port)
                    .containsEntry("THREADLINE_HTTP_HOST", "0.0.0.0");
        }
    }

    @Test
    void servicesGetLongerToStopThanTheyTakeToDrain() {
        // Given each service's grace period between SIGTERM and SIGKILL
        for (ThreadlineService service : ThreadlineService.values()) {
            Duration grace = Duration.parse("PT" + String.valueOf(service(service.module()).get("stop_grace_period"))
                    .toUpperCase());

            // Then the drain fits in it, with room to spare
            assertThat(grace).as(service.module()).isGreaterThan(SERVICE_DRAIN.plusSeconds(10));
        }
    }

    @Test
    void statsStreamsKeepsItsStateOnAVolumeUnderAStableIdentity() {
        // Given stats-streams' settings
        Map<String, String> environment = environment("stats-streams");
        String stateDir = environment.get("THREADLINE_STATS_STATE_DIR");

        // Then its state directory is a named volume of the deployment, and its name and address do not change
        assertThat(list(service("stats-streams").get("volumes"))).contains("stats-streams-state:" + stateDir);
        assertThat(map(COMPOSE.document().get("volumes"))).containsKey("stats-streams-state");
        assertThat(environment)
                .containsEntry("THREADLINE_STATS_APPLICATION_SERVER", "stats-streams:" + ThreadlineService.STATS.defaultPort())
                .containsKey("THREADLINE_STATS_INSTANCE_ID");
        // and so are the instance names of the other services (transactional ids, static group membership)
        assertThat(List.of(environment("ingest-service"), environment("thread-service")))
                .allSatisfy(other -> assertThat(other.get("THREADLINE_KAFKA_INSTANCE_ID")).isNotBlank());
    }

    @Test
    void servicesBootstrapFromAllThreeBrokersAndStartOnceTopicsExist() {
        // Given the listeners the brokers advertise inside the compose network
        List<String> internalListeners = BROKERS.stream().map(broker -> advertised(broker, "INTERNAL")).toList();

        // Then every service bootstraps from all of them and waits for healthy brokers and created topics

        for (ThreadlineService service : ThreadlineService.values()) {
            String module = service.module();
            assertThat(environment(module).get("KAFKA_BOOTSTRAP_SERVERS").split(","))
                    .containsExactlyInAnyOrderElementsOf(internalListeners);
            assertThat(conditionsOf(module))
                    .containsAllEntriesOf(brokersHealthy())
                    .containsEntry("kafka-init", "service_completed_successfully");
        }
    }

    @Test
    void threadAndIngestServicesStoreIntoTheDeploymentsPostgres() {
        // Given the PostgreSQL of the deployment
        Map<String, String> postgres = environment("postgres");

        // Then it is PostgreSQL 17, checked with pg_isready, and the services that keep state
        // (thread-service's read model, ingest-service's idempotency keys) connect to it once it is healthy
        assertThat(service("postgres").get("image")).isEqualTo("postgres:17");
        assertThat(healthcheck("postgres")).contains("pg_isready");
        for (String service : List.of("thread-service", "ingest-service")) {
            assertThat(environment(service))
                    .containsEntry("JDBC_URL", "jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB"))
                    .containsEntry("JDBC_USER", postgres.get("POSTGRES_USER"))
                    .containsEntry("JDBC_PASSWORD", postgres.get("POSTGRES_PASSWORD"));
            assertThat(conditionsOf(service)).containsEntry("postgres", "service_healthy");
        }
    }

    @Test
    void everyLongRunningServiceHasAHealthcheckAndTheAppsAskTheirHealthEndpoint() {
        // Given every service but the one-shot kafka-init, then each says when it is healthy
        COMPOSE.services().keySet().stream().filter(name -> !name.equals("kafka-init"))
                .forEach(name -> assertThat(healthcheck(name)).as(name).isNotBlank());
        for (ThreadlineService service : ThreadlineService.values()) {
            assertThat(healthcheck(service.module())).contains("GET /health/readiness");
        }
    }

    /** The host:port a broker advertises for one of its listeners. */
    private static String advertised(String broker, String listener) {
        return Arrays.stream(environment(broker).get("KAFKA_ADVERTISED_LISTENERS").split(","))
                .filter(address -> address.startsWith(listener + "://"))
                .map(address -> address.substring(listener.length() + "://".length()))
                .findFirst().orElseThrow(() -> new AssertionError(broker + " advertises no " + listener + " listener"));
    }

    private static String healthcheck(String name) {
        return COMPOSE.healthcheck(name);
    }

    private static Map<String, String> brokersHealthy() {
        return BROKERS.stream().collect(Collectors.toMap(broker -> broker, broker -> "service_healthy"));
    }

    private static Map<String, String> conditionsOf(String name) {
        return COMPOSE.conditionsOf(name);
    }

    private static Map<String, String> environment(String name) {
        return COMPOSE.environment(name);
    }

    private static Map<String, Object> service(String name) {
        return COMPOSE.service(name);
    }
}
