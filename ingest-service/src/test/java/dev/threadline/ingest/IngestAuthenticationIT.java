package dev.threadline.ingest;

import static dev.threadline.ingest.IngestTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.HealthAccess;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who may send commands over HTTP: every route needs a valid bearer token, the detailed health an operator's; the
 * probes need none. (Which sender and tenant each role may act as is the next step of issue 12.)
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestAuthenticationIT implements TestPropertyProvider {

    private static final HttpClient RAW = HttpClient.newHttpClient();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return IngestTestSupport.properties("ingest_authentication_it");
    }

    @Test
    void aCommandWithoutATokenIs401() {
        String id = UUID.randomUUID().toString();
        for (String[] route : List.of(new String[] {"/v1/conversations", start(id)},
                new String[] {"/v1/conversations/" + id + "/messages", "{\"senderRole\": \"user\", \"content\": \"hi\"}"},
                new String[] {"/v1/batch", "{\"commands\": []}"})) {
            HttpResponse<String> answer = post(route[0], route[1], null);
            assertThat(answer.statusCode()).as(route[0]).isEqualTo(401);
            assertThat(answer.headers().firstValue("Content-Type")).as(route[0]).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            assertThat(answer.headers().firstValue("WWW-Authenticate")).as(route[0]).hasValue("Bearer");
        }
    }

    @Test
    void aTokenThatIsNotValidIs401AndAValidOneIsAccepted() {
        String otherKey = DevelopmentTokens.mint(UUID.randomUUID() + "-" + UUID.randomUUID(), "svc", List.of("service"),
                null, Duration.ofHours(1));
        assertThat(post("/v1/conversations", start(UUID.randomUUID().toString()), otherKey).statusCode()).isEqualTo(401);
        assertThat(post("/v1/conversations", start(UUID.randomUUID().toString()), "not-a-jwt").statusCode()).isEqualTo(401);
        var accepted = json(server.getURI(), "POST", "/v1/conversations", start(UUID.randomUUID().toString()),
                "Authorization", "Bearer " + DevelopmentTokens.processToken("orders-service", "service"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }

    @Test
    void probesNeedNoTokenAndTheDetailedHealthIsForOperators() {
        assertThat(HealthAccess.problems(server.getURI(), "service")).isEmpty();
    }

    private static String start(String id) {
        return "{\"id\": \"" + id + "\", \"kind\": \"support\", \"title\": \"Parcel lost\"}";
    }

    private HttpResponse<String> post(String path, String body, String token) {
        return send(HttpRequest.newBuilder(server.getURI().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return RAW.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
