package dev.threadline.thread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.DevelopmentTokens;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who may ask the thread service, over HTTP with a client that adds no token: every route needs a valid bearer token,
 * the detailed health an operator's; the probes need none. (Which rows each role sees is the next step of issue 12.)
 */
@MicronautTest
class ThreadAuthenticationIT extends ThreadServiceIT {

    private static final HttpClient RAW = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    ThreadAuthenticationIT() {
        super("thread_authentication_it");
    }

    @Test
    void everyApiRouteWantsABearerToken() {
        String id = UUID.randomUUID().toString();
        for (String route : List.of("/v1/conversations?participant=customer-1", "/v1/conversations/" + id,
                "/v1/conversations/" + id + "/messages", "/v1/conversations/" + id + "/context",
                "/v1/conversations/" + id + "/events", "/v1/search?q=parcel", "/v1/users/customer-1/unread",
                "/v1/reports/summary")) {
            HttpResponse<String> answer = get(route, null);
            assertThat(answer.statusCode()).as(route).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type")).as(route).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(route).hasValue("Bearer");
        }
    }

    @Test
    void aTokenThatIsNotValidIs401AndAValidOneOfAnyRoleIsLetIn() {
        String route = "/v1/conversations?participant=customer-1";
        String otherKey = DevelopmentTokens.mint(UUID.randomUUID() + "-" + UUID.randomUUID(), "admin-1", List.of("admin"),
                null, Duration.ofHours(1));
        assertThat(get(route, otherKey).statusCode()).isEqualTo(401);
        assertThat(get(route, "not-a-jwt").statusCode()).isEqualTo(401);
        for (String role : List.of("user", "agent", "admin", "ops", "service")) {
            assertThat(get(route, DevelopmentTokens.processToken(role + "-1", role)).statusCode()).as(role).isEqualTo(200);
        }
    }

    @Test
    void probesNeedNoTokenAndTheDetailedHealthIsForOperators() {
        // UP or DOWN (a probe may ask while the service still connects), but answered without a token, status only
        for (String probe : List.of("/health/liveness", "/health/readiness")) {
            HttpResponse<String> answer = get(probe, null);
            assertThat(answer.statusCode()).as(probe).isIn(200, 503);
            assertThat(answer.body()).as(probe).contains("\"status\"").doesNotContain("details");
        }
        assertThat(get("/health", null).statusCode()).isEqualTo(401);
        assertThat(get("/health", DevelopmentTokens.processToken("agent-1", "agent")).statusCode()).isEqualTo(403);
        HttpResponse<String> detailed = get("/health", DevelopmentTokens.processToken("ops-1", "ops"));
        assertThat(detailed.statusCode()).isIn(200, 503);
        assertThat(detailed.body()).contains("details");
    }

    private HttpResponse<String> get(String route, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.getPort() + route))
                .timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return RAW.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("No answer to GET " + route, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
