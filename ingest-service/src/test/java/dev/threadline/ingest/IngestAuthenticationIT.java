package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.testkit.HealthAccess;
import dev.threadline.testkit.OpenApiSpec;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Who may send commands over HTTP: every route needs a valid bearer token, the detailed health an operator's; the
 * probes, the OpenAPI spec and its Swagger UI need none. (Which sender and tenant each role may act as is the next
 * step of issue 12.)
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestAuthenticationIT implements TestPropertyProvider {

    private static final TestHttp HTTP = TestHttp.asService();


    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return TestProperties.service("ingest_authentication_it");
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
        var accepted = HTTP.json(server.getURI(), "POST", "/v1/conversations", start(UUID.randomUUID().toString()),
                "Authorization", "Bearer " + DevelopmentTokens.processToken("orders-service", "service"));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    }

    @Test
    void probesNeedNoTokenAndTheDetailedHealthIsForOperators() {
        assertThat(HealthAccess.problems(server.getURI(), "service")).isEmpty();
    }

    @Test
    void theOpenApiSpecAndSwaggerUiNeedNoTokenAndTheSpecHoldsEveryRoute() {
        assertThat(OpenApiSpec.problems(server.getURI(), "ingest-service", server.getApplicationContext().getBean(Router.class)))
                .isEmpty();
    }

    private static String start(String id) {
        return "{\"id\": \"" + id + "\", \"kind\": \"support\", \"title\": \"Parcel lost\"}";
    }

    private HttpResponse<String> post(String path, String body, String token) {
        return TestHttp.withBearer(token).json(server.getURI(), "POST", path, body);
    }
}
