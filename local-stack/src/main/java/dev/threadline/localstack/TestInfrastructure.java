package dev.threadline.localstack;

import dev.threadline.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The infrastructure every integration test of a test JVM shares: one real Kafka broker and one PostgreSQL,
 * started on first use, with the registry's topics, and stopped when the JVM exits.
 *
 * <p>Starting a broker takes seconds, so test classes share one instead of each starting their own. The
 * environment variables {@code KAFKA_BOOTSTRAP_SERVERS} and {@code JDBC_URL} (with {@code JDBC_USER} and
 * {@code JDBC_PASSWORD}) point the tests at external infrastructure instead; topics are provisioned there too.
 * Tests that must not see each other's rows take a database of their own from {@link #newDatabase(String)}.
 */
public final class TestInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);
    private static TestInfrastructure shared;
    private static RuntimeException startupFailure;

    private final InfrastructureEndpoints endpoints;

    private TestInfrastructure(InfrastructureEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** The infrastructure of this JVM, started by the first caller; a failed start fails every later call at once. */
    public static synchronized TestInfrastructure shared() {
        if (startupFailure != null) {
            throw startupFailure;
        }
        if (shared == null) {
            try {
                shared = start(System.getenv());
            } catch (RuntimeException e) {
                startupFailure = e;
                throw e;
            }
        }
        return shared;
    }

    public String kafkaBootstrapServers() {
        return endpoints.kafkaBootstrapServers();
    }

    public String jdbcUrl() {
        return endpoints.jdbcUrl();
    }

    public String jdbcUser() {
        return endpoints.jdbcUser();
    }

    public String jdbcPassword() {
        return endpoints.jdbcPassword();
    }

    /** All of the above, e.g. for {@link ServiceProcess#start(Path, ThreadlineService, int, InfrastructureEndpoints)}. */
    public InfrastructureEndpoints endpoints() {
        return endpoints;
    }

    /**
     * Creates the database {@code name} (lower case letters, digits, {@code _}) unless it exists.
     *
     * @return its JDBC URL; same user and password as {@link #jdbcUrl()}
     */
    public String newDatabase(String name) {
        return PostgresDatabases.create(jdbcUrl(), jdbcUser(), jdbcPassword(), name);
    }

    private static TestInfrastructure start(Map<String, String> environment) {
        Path workDir = temporaryDirectory();
        // Registered first, so it runs last: after the broker and PostgreSQL have stopped.
        ShutdownSequence.register(() -> Directories.deleteRecursively(workDir));
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<String> kafka = CompletableFuture.supplyAsync(() -> kafka(environment, workDir), starter);
            CompletableFuture<Database> postgres = CompletableFuture.supplyAsync(() -> postgres(environment, workDir), starter);
            String bootstrapServers = kafka.join();
            Database database = postgres.join();
            return new TestInfrastructure(
                    new InfrastructureEndpoints(bootstrapServers, database.jdbcUrl(), database.user(), database.password()));
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static String kafka(Map<String, String> environment, Path workDir) {
        String external = environment.get(InfrastructureEndpoints.KAFKA_BOOTSTRAP_SERVERS);
        if (external != null && !external.isBlank()) {
            TopicProvisioner.provision(external, Topics.all(), replicationFactorOf(external));
            LOG.info("Tests use the external Kafka at {}", external);
            return external;
        }
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(
                KafkaBrokerProcess.Config.of(workDir.resolve("kafka"), LocalPorts.findFree(), LocalPorts.findFree()));
        TopicProvisioner.provision(broker.bootstrapServers(), Topics.all(), (short) 1);
        return broker.bootstrapServers();
    }

    private static Database postgres(Map<String, String> environment, Path workDir) {
        String external = environment.get(InfrastructureEndpoints.JDBC_URL);
        if (external != null && !external.isBlank()) {
            LOG.info("Tests use the external PostgreSQL at {}", external);
            return new Database(external,
                    environment.getOrDefault(InfrastructureEndpoints.JDBC_USER, EmbeddedPostgresServer.USER),
                    environment.getOrDefault(InfrastructureEndpoints.JDBC_PASSWORD, EmbeddedPostgresServer.PASSWORD));
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(
                EmbeddedPostgresServer.Config.throwaway(workDir.resolve("postgres"), workDir.resolve("postgres.log")));
        return new Database(server.jdbcUrl(), server.user(), server.password());
    }

    private record Database(String jdbcUrl, String user, String password) {
    }

    /** Up to three replicas, as the cluster allows: an external cluster may be the three-broker compose setup. */
    private static short replicationFactorOf(String bootstrapServers) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return (short) Math.min(3, admin.describeCluster().nodes().get().size());
        } catch (Exception e) {
            throw new LocalStackException("Cannot reach the Kafka cluster at " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("threadline-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
