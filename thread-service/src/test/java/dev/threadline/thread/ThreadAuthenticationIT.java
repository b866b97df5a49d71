package dev.threadline.thread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.testkit.HealthAccess;
import dev.threadline.testkit.OpenApiSpec;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who may ask the thread service, over HTTP with a client that adds no token: every route needs a valid bearer token,
 * the detailed health an operator's; the probes, the OpenAPI spec and its Swagger UI need none. Which conversations
 * each role sees is {@link ReadAuthorisationMatrixIT}'s.
 */
@MicronautTest
class ThreadAuthenticationIT extends ThreadServiceIT {

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
        String route = "/v1/conversations";
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
        assertThat(HealthAccess.problems(server.getURI(), "agent")).isEmpty();
    }

    @Test
    void theOpenApiSpecAndSwaggerUiNeedNoTokenAndTheSpecHoldsEveryRoute() {
        assertThat(OpenApiSpec.problems(server.getURI(), "thread-service", server.getApplicationContext().getBean(Router.class)))
                .isEmpty();
    }

    private HttpResponse<String> get(String route, String token) {
        return HealthAccess.get(server.getURI(), route, token);
    }
}
