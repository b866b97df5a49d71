package dev.threadline.localstack;

import java.util.Map;
import java.util.Objects;

/**
 * Where the infrastructure of a Threadline service is: the Kafka cluster and the PostgreSQL database.
 *
 * <p>The services read exactly these environment variables ({@link #asEnvironment()}); tests read them too to
 * point at external infrastructure instead of starting their own.
 */
public record InfrastructureEndpoints(String kafkaBootstrapServers, String jdbcUrl, String jdbcUser, String jdbcPassword) {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String JDBC_URL = "JDBC_URL";
    public static final String JDBC_USER = "JDBC_USER";
    public static final String JDBC_PASSWORD = "JDBC_PASSWORD";

    public InfrastructureEndpoints {
        Objects.requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
    }

    /** The same infrastructure with another database, e.g. one of {@code TestInfrastructure.newDatabase} (test-kit). */
    public InfrastructureEndpoints withJdbcUrl(String otherJdbcUrl) {
        return new InfrastructureEndpoints(kafkaBootstrapServers, otherJdbcUrl, jdbcUser, jdbcPassword);
    }

    /**
     * Where the stack of {@code ./threadline up} is: Kafka and PostgreSQL on 127.0.0.1 at the ports {@code environment}
     * gives ({@code THREADLINE_KAFKA_PORT}, {@code THREADLINE_POSTGRES_PORT}) or their defaults, its read model database.
     */
    public static InfrastructureEndpoints localStack(Map<String, String> environment) {
        LocalStackSettings settings = LocalStackSettings.from(ServiceProcess.locateRepoRoot(), environment);
        return new InfrastructureEndpoints("127.0.0.1:" + settings.kafkaPort(),
                "jdbc:postgresql://127.0.0.1:" + settings.postgresPort() + "/" + EmbeddedPostgresServer.DATABASE,
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    /** The environment variables a service is configured with. */
    public Map<String, String> asEnvironment() {
        return Map.of(
                KAFKA_BOOTSTRAP_SERVERS, kafkaBootstrapServers,
                JDBC_URL, jdbcUrl,
                JDBC_USER, jdbcUser,
                JDBC_PASSWORD, jdbcPassword);
    }
}
