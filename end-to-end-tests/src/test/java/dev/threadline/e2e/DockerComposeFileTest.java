package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.schemas.topics.Topic;
import dev.threadline.schemas.topics.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Guards the multi-node deployment in {@code docker-compose.yml}. The build machines have no
 * Docker engine, so the file is checked by reading it: these are the properties that make it a
 * three-broker cluster surviving the loss of one node, and that the services need to start.
 */
class DockerComposeFileTest {

    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final Map<String, Integer> SERVICE_PORTS = Map.of(
            "ingest-service", 8081, "thread-service", 8082, "stats-streams", 8083);

    private static Path repoRoot;
    private static Map<String, Object> services;

    @BeforeAll
    static void readComposeFile() throws IOException {
        repoRoot = Path.of("").toAbsolutePath();
        while (!Files.exists(repoRoot.resolve("docker-compose.yml")) || !Files.exists(repoRoot.resolve("mvnw"))) {
            repoRoot = repoRoot.getParent();
            assertThat(repoRoot).as("a directory above the working one with docker-compose.yml and mvnw").isNotNull();
        }
        try (Reader reader = Files.newBufferedReader(repoRoot.resolve("docker-compose.yml"))) {
            Map<String, Object> compose = new Yaml().load(reader);
            services = map(compose.get("services"));
        }
    }

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
    void servicesAreBuiltFromTheirModulesAndPublishTheirPorts() throws IOException {
        // Given each service, then its build context is its module, whose Dockerfile runs that module's jar on its port
        for (var entry : SERVICE_PORTS.entrySet()) {
            String module = entry.getKey();
            String port = String.valueOf(entry.getValue());
            Path context = repoRoot.resolve(String.valueOf(service(module).get("build"))).normalize();
            Path dockerfile = context.resolve("Dockerfile");

            assertThat(context).isEqualTo(repoRoot.resolve(module));
            assertThat(dockerfile).isRegularFile();
            assertThat(Files.readString(dockerfile)).contains("EXPOSE " + port).contains("/app/" + module + ".jar");
            assertThat(list(service(module).get("ports"))).contains(port + ":" + port);
            assertThat(environment(module)).containsEntry("MICRONAUT_SERVER_PORT", port);
        }
    }

    @Test
    void servicesBootstrapFromAllThreeBrokersAndStartOnceTopicsExist() {
        // Given the listeners the brokers advertise inside the compose network
        List<String> internalListeners = BROKERS.stream().map(broker -> advertised(broker, "INTERNAL")).toList();

        // Then every service bootstraps from all of them and waits for healthy brokers and created topics

        for (String module : SERVICE_PORTS.keySet()) {
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
        services.keySet().stream().filter(name -> !name.equals("kafka-init"))
                .forEach(name -> assertThat(healthcheck(name)).as(name).isNotBlank());
        SERVICE_PORTS.keySet().forEach(module -> assertThat(healthcheck(module)).contains("GET /health/readiness"));
    }

    /** The host:port a broker advertises for one of its listeners. */
    private static String advertised(String broker, String listener) {
        return Arrays.stream(environment(broker).get("KAFKA_ADVERTISED_LISTENERS").split(","))
                .filter(address -> address.startsWith(listener + "://"))
                .map(address -> address.substring(listener.length() + "://".length()))
                .findFirst().orElseThrow(() -> new AssertionError(broker + " advertises no " + listener + " listener"));
    }

    private static String healthcheck(String name) {
        assertThat(service(name)).as(name).containsKey("healthcheck");
        return String.join(" ", list(map(service(name).get("healthcheck")).get("test")));
    }

    private static Map<String, String> brokersHealthy() {
        return BROKERS.stream().collect(Collectors.toMap(broker -> broker, broker -> "service_healthy"));
    }

    private static Map<String, String> conditionsOf(String name) {
        return map(service(name).get("depends_on")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, on -> String.valueOf(map(on.getValue()).get("condition"))));
    }

    private static Map<String, String> environment(String name) {
        return map(service(name).get("environment")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, variable -> String.valueOf(variable.getValue())));
    }

    private static Map<String, Object> service(String name) {
        assertThat(services).as("services in docker-compose.yml").containsKey(name);
        return map(services.get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node) {
        return (Map<String, Object>) node;
    }

    private static List<String> list(Object node) {
        return ((List<?>) node).stream().map(String::valueOf).toList();
    }
}
