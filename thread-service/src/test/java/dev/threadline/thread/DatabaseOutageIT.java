package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Role;
import dev.threadline.localstack.EmbeddedPostgresServer;
import dev.threadline.localstack.LocalPorts;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * PostgreSQL going away and coming back, on a server of the test's own: queries answer 503 problem+json at once
 * (not 500 after the pool's 30 s), readiness says DOWN within seconds, and what arrived meanwhile is applied once
 * the database is back, from the offsets stored in it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageIT implements TestPropertyProvider {

    private static final Instant T0 = Instant.parse("2026-11-03T09:00:00Z");

    private final ThreadTestSupport support = new ThreadTestSupport();
    private final Path dataDir = temporaryDirectory();
    private final int port = LocalPorts.findFree();
    private EmbeddedPostgresServer postgres = startPostgres();

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>(ThreadTestSupport.properties("thread_outage_it"));
        properties.put("datasources.default.url", postgres.jdbcUrl());
        properties.put("threadline.kafka.retry-backoff-max", "1s");
        return properties;
    }

    @AfterAll
    void stop() throws IOException {
        support.close();
        postgres.close();
        try (var files = Files.walk(dataDir.getParent())) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void outageIsA503AndDownAtOnceAndNothingSentMeanwhileIsLost() {
        // Given a conversation with a message, stored
        String id = UUID.randomUUID().toString();
        support.send(started(id, T0), posted(id, UUID.randomUUID().toString(), Role.user, "before", T0.plusSeconds(1)));
        eventually(() -> messages(id).size() == 1 ? true : null);

        // When PostgreSQL stops
        postgres.close();

        // Then a query is answered 503 problem+json with Retry-After within a few seconds, naming no driver detail
        Instant asked = Instant.now();
        HttpClientResponseException unavailable = failure("/v1/conversations/" + id);
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(unavailable.getStatus().getCode()).isEqualTo(503);
        assertThat(unavailable.getResponse().getHeaders().get("Retry-After")).isNotBlank();
        assertThat(unavailable.getResponse().getContentType().orElseThrow().toString()).isEqualTo("application/problem+json");
        String body = unavailable.getResponse().getBody(String.class).orElse("");
        assertThat(body).doesNotContainIgnoringCase("postgresql").doesNotContainIgnoringCase("hikari").doesNotContain("Exception");

        // And readiness says DOWN within a few seconds of being asked
        asked = Instant.now();
        assertThat(failure("/health/readiness").getStatus().getCode()).isEqualTo(503);
        assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(5));

        // When a message arrives during the outage and PostgreSQL comes back on the same data
        support.send(posted(id, UUID.randomUUID().toString(), Role.agent, "during", T0.plusSeconds(2)));
        sleep(Duration.ofSeconds(3));
        postgres = startPostgres();

        // Then it is applied, after the earlier one, and readiness is UP again
        eventually(() -> messages(id).size() == 2 ? true : null);
        assertThat(messages(id)).extracting(m -> m.get("content")).containsExactly("before", "during");
        eventually(() -> {
            try {
                return http.toBlocking().exchange("/health/readiness", Map.class).getStatus().getCode() == 200 ? true : null;
            } catch (HttpClientResponseException stillDown) {
                return null;
            }
        });
    }

    private List<Map<String, Object>> messages(String id) {
        try {
            HttpResponse<Map> page = http.toBlocking().exchange("/v1/conversations/" + id + "/messages", Map.class);
            return (List<Map<String, Object>>) page.body().get("messages");
        } catch (HttpClientResponseException e) {
            return List.of();
        }
    }

    private HttpClientResponseException failure(String uri) {
        try {
            http.toBlocking().exchange(uri, String.class);
        } catch (HttpClientResponseException e) {
            return e;
        }
        throw new AssertionError("Expected " + uri + " to fail");
    }

    private EmbeddedPostgresServer startPostgres() {
        return EmbeddedPostgresServer.start(EmbeddedPostgresServer.Config.persistent(dataDir, port, dataDir.resolveSibling(dataDir.getFileName() + ".log")));
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("thread-outage-").resolve("pg");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
