package dev.threadline.testkit;

import dev.threadline.localstack.Directories;
import dev.threadline.localstack.EmbeddedPostgresServer;
import dev.threadline.localstack.InfrastructureEndpoints;
import dev.threadline.localstack.KafkaBrokerProcess;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.LocalStackException;
import dev.threadline.localstack.PostgresDatabases;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ShutdownSequence;
import dev.threadline.localstack.ThreadlineService;
import dev.threadline.localstack.TopicProvisioner;
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
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The infrastructure every integration test of a test JVM shares: one real Kafka broker and one PostgreSQL,
 * started on first use, with the registry's topics, and stopped when the JVM exits.
 *
 * <p>Starting a broker takes seconds, so test classes share one instead of each starting their own. Each of the two
 * comes from the first of ({@link Source}): external infrastructure — the environment variables
 * {@code KAFKA_BOOTSTRAP_SERVERS} and {@code JDBC_URL} (with {@code JDBC_USER} and {@code JDBC_PASSWORD}), topics are
 * provisioned there too; Testcontainers ({@code apache/kafka:4.2.0}, {@code postgres:17}) when a Docker engine answers;
 * else a local broker process and embedded PostgreSQL. {@value #SWITCH}{@code =local} or {@code =containers} skips the
 * Docker probe and takes that one. The choice is logged once per JVM.
 * Tests that must not see each other's rows take a database of their own from {@link #newDatabase(String)}.
 */
public final class TestInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);
    /** Environment variable choosing where Kafka and PostgreSQL come from when not external: auto, containers or local. */
    public static final String SWITCH = "THREADLINE_TEST_INFRASTRUCTURE";
    static final String KAFKA_IMAGE = "apache/kafka:4.2.0";
    static final String POSTGRES_IMAGE = "postgres:17";

    /** Where a piece of the tests' infrastructure comes from. */
    enum Source { EXTERNAL, CONTAINERS, LOCAL }
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

    /**
     * Where a piece comes from: external if its setting is given, else as {@value #SWITCH} says — {@code local},
     * {@code containers}, or {@code auto} (also when unset): containers if a Docker engine answers, else local.
     */
    static Source choose(String externalSetting, String switchValue, BooleanSupplier dockerAnswers) {
        if (externalSetting != null && !externalSetting.isBlank()) {
            return Source.EXTERNAL;
        }
        String mode = switchValue == null || switchValue.isBlank() ? "auto" : switchValue.strip();
        return switch (mode) {
            case "local" -> Source.LOCAL;
            case "containers" -> Source.CONTAINERS;
            case "auto" -> dockerAnswers.getAsBoolean() ? Source.CONTAINERS : Source.LOCAL;
            default -> throw new LocalStackException(SWITCH + " is '" + mode + "'; it takes auto, containers or local");
        };
    }

    /** Whether a Docker engine answers; without a Docker host setting or socket, Testcontainers is not even asked. */
    static boolean dockerAnswers(Map<String, String> environment) {
        boolean configured = environment.containsKey("DOCKER_HOST") || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(System.getProperty("user.home"), ".testcontainers.properties"));
        return configured && DockerClientFactory.instance().isDockerAvailable();
    }

    private static TestInfrastructure start(Map<String, String> environment) {
        Path workDir = temporaryDirectory();
        String mode = environment.get(SWITCH);
        BooleanSupplier probe = new BooleanSupplier() {
            private Boolean answers; // asked at most once, and only if a choice needs it

            @Override
            public boolean getAsBoolean() {
                if (answers == null) {
                    answers = dockerAnswers(environment);
                }
                return answers;
            }
        };
        Source kafkaSource = choose(environment.get(InfrastructureEndpoints.KAFKA_BOOTSTRAP_SERVERS), mode, probe);
        Source postgresSource = choose(environment.get(InfrastructureEndpoints.JDBC_URL), mode, probe);
        LOG.info("Tests use Kafka from {} and PostgreSQL from {} ({}={})", kafkaSource, postgresSource, SWITCH,
                mode == null ? "auto, unset" : mode);
        // Registered first, so it runs last: after the broker and PostgreSQL have stopped.
        ShutdownSequence.register(() -> Directories.deleteRecursively(workDir));
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<String> kafka = CompletableFuture.supplyAsync(() -> kafka(kafkaSource, environment, workDir),
                    starter);
            CompletableFuture<Database> postgres = CompletableFuture.supplyAsync(
                    () -> postgres(postgresSource, environment, workDir), starter);
            String bootstrapServers = kafka.join();
            Database database = postgres.join();
            return new TestInfrastructure(
                    new InfrastructureEndpoints(bootstrapServers, database.jdbcUrl(), database.user(), database.password()));
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    private static String kafka(Source source, Map<String, String> environment, Path workDir) {
        if (source == Source.EXTERNAL) {
            String external = environment.get(InfrastructureEndpoints.KAFKA_BOOTSTRAP_SERVERS);
            TopicProvisioner.provision(external, Topics.all(), replicationFactorOf(external));
            LOG.info("Tests use the external Kafka at {}", external);
            return external;
        }
        if (source == Source.CONTAINERS) {
            KafkaContainer container = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
                    // As the local broker: back-to-back transactions do not wait 20 ms each (BENCHMARKS.md, ingest).
                    .withEnv("KAFKA_ADD_PARTITIONS_TO_TXN_RETRY_BACKOFF_MS", "2")
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
            container.start();
            ShutdownSequence.register(container::stop);
            TopicProvisioner.provision(container.getBootstrapServers(), Topics.all(), (short) 1);
            return container.getBootstrapServers();
        }
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(
                KafkaBrokerProcess.Config.of(workDir.resolve("kafka"), LocalPorts.findFree(), LocalPorts.findFree()));
        TopicProvisioner.provision(broker.bootstrapServers(), Topics.all(), (short) 1);
        return broker.bootstrapServers();
    }

    private static Database postgres(Source source, Map<String, String> environment, Path workDir) {
        if (source == Source.CONTAINERS) {
            PostgreSQLContainer<?> container = new PostgreSQLContainer<>(DockerImageName.parse(POSTGRES_IMAGE))
                    .withUsername(EmbeddedPostgresServer.USER).withPassword(EmbeddedPostgresServer.PASSWORD);
            container.start();
            ShutdownSequence.register(container::stop);
            return new Database(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        String external = environment.get(InfrastructureEndpoints.JDBC_URL);
        if (source == Source.EXTERNAL) {
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
