package dev.threadline.ingest;

import static dev.threadline.testkit.TestHttp.assertProblem;
import static dev.threadline.testkit.TestHttp.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.EmbeddedPostgresServer;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL, which holds the Idempotency-Keys, goes away and comes back: readiness and keyed
 * commands learn it within about 2 s (503 problem+json, no driver message), commands without a key
 * are still accepted, and everything works again once PostgreSQL is back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyStoreOutageIT {

    private static final TestHttp HTTP = TestHttp.asService();

    private static final Duration PROMPTLY = Duration.ofMillis(3_500);
    private static final Duration RECOVERY = Duration.ofSeconds(10);

    private Path dataDir;
    private int port;
    private EmbeddedPostgresServer postgres;
    private EmbeddedServer server;

    @BeforeAll
    void start() throws IOException {
        dataDir = Files.createTempDirectory("threadline-own-postgres-");
        port = LocalPorts.findFree();
        postgres = startPostgres();
        Map<String, Object> settings = new HashMap<>();
        settings.put("threadline.kafka.bootstrap-servers", TestInfrastructure.shared().kafkaBootstrapServers());
        settings.put("datasources.default.url", postgres.jdbcUrl());
        settings.put("datasources.default.username", postgres.user());
        settings.put("datasources.default.password", postgres.password());
        settings.put("threadline.intake.enabled", "false");
        settings.put("threadline.jwt.secret", DevelopmentTokens.processSecret());
        settings.put("micronaut.environments", "test");
        server = ApplicationContext.run(EmbeddedServer.class, settings);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
        if (postgres != null) {
            postgres.close();
        }
        // Only our own files: walking all of the temporary directory trips over other processes' files as they go.
        try (var files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            Files.deleteIfExists(logFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void withPostgresGoneKeyedCommandsAndReadinessFailPromptlyAndRecoverAfterwards() {
        URI base = server.getURI();
        assertThat(keyed(base).statusCode()).isEqualTo(202);

        // When PostgreSQL stops
        postgres.close();
        postgres = null;
        try {
            // Then readiness says DOWN within about 2 s
            Instant asked = Instant.now();
            var readiness = HTTP.send(base, "GET", "/health/readiness", null, null);
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(Duration.between(asked, Instant.now())).isLessThan(PROMPTLY);

            // And a keyed command gets 503 problem+json with Retry-After within about 2 s, without the driver's words
            asked = Instant.now();
            var refused = keyed(base);
            assertThat(Duration.between(asked, Instant.now())).isLessThan(PROMPTLY);
            assertProblem(refused, 503);
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            assertThat(String.valueOf(body(refused).get("detail"))).contains("idempotency store").doesNotContainIgnoringCase("connection");

            // And a command without a key, which needs no database, is still accepted
            assertThat(HTTP.json(base, "POST", "/v1/conversations/" + UUID.randomUUID() + "/messages",
                    "{\"senderRole\": \"user\", \"content\": \"no key\"}").statusCode()).isEqualTo(202);
        } finally {
            // When PostgreSQL comes back on the same port and data
            postgres = startPostgres();
        }

        // Then keyed commands and readiness recover by themselves, within seconds, for a client that retries as
        // Retry-After tells it (the pool may be between two attempts to connect when PostgreSQL answers again)
        Eventually.untilPasses(RECOVERY, Duration.ofMillis(250), () -> assertThat(keyed(base).statusCode()).isEqualTo(202));
        Eventually.untilPasses(RECOVERY, Duration.ofMillis(250),
                () -> assertThat(HTTP.send(base, "GET", "/health/readiness", null, null).statusCode()).isEqualTo(200));
    }

    @Test
    void afterAQuickRestartOfPostgresTheNextKeyedCommandIsAcceptedOnAFreshConnection() {
        URI base = server.getURI();
        assertThat(keyed(base).statusCode()).isEqualTo(202);

        // When PostgreSQL restarts so quickly that the pool does not check its connections before lending them again
        postgres.close();
        postgres = startPostgres();

        // Then the next keyed command meets a connection to the old server, and is retried on a new one
        assertThat(keyed(base).statusCode()).isEqualTo(202);
        assertThat(keyed(base).statusCode()).isEqualTo(202);
    }

    private static HttpResponse<String> keyed(URI base) {
        return HTTP.json(base, "POST", "/v1/conversations/" + UUID.randomUUID() + "/messages",
                "{\"senderRole\": \"user\", \"content\": \"keyed\"}", "Idempotency-Key", "outage-" + UUID.randomUUID());
    }

    private Path logFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    private EmbeddedPostgresServer startPostgres() {
        return EmbeddedPostgresServer.start(EmbeddedPostgresServer.Config.persistent(dataDir, port, logFile()));
    }
}
