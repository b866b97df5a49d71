package dev.threadline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The raw test client sends what it is given and adds the bearer token only where no Authorization header is. */
class TestHttpTest {

    private HttpServer server;
    private URI base;

    @BeforeEach
    void echoServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String echo = "{\"method\":\"%s\",\"path\":\"%s\",\"authorization\":\"%s\",\"contentType\":\"%s\",\"key\":\"%s\",\"body\":%s}"
                    .formatted(exchange.getRequestMethod(), exchange.getRequestURI(),
                            exchange.getRequestHeaders().getFirst("Authorization"),
                            exchange.getRequestHeaders().getFirst("Content-Type"),
                            exchange.getRequestHeaders().getFirst("Idempotency-Key"), body.isEmpty() ? "null" : body);
            byte[] bytes = echo.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void jsonGoesWithItsContentTypeHeadersAndTheBearerToken() {
        HttpResponse<String> response = TestHttp.withBearer("t-1").json(base, "POST", "/v1/things?x=1", "{\"n\": 2}",
                "Idempotency-Key", "k-1");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(TestHttp.body(response)).containsEntry("method", "POST").containsEntry("path", "/v1/things?x=1")
                .containsEntry("authorization", "Bearer t-1").containsEntry("contentType", "application/json")
                .containsEntry("key", "k-1").containsEntry("body", Map.of("n", 2));
        assertThat(TestHttp.tree(response).get("body").get("n").asInt()).isEqualTo(2);
    }

    @Test
    void anAuthorizationHeaderOfTheRequestWinsAndNoTokenMeansNone() {
        HttpResponse<String> own = TestHttp.asService().get(base, "/a", "Authorization", "Bearer mine");
        HttpResponse<String> service = TestHttp.asService().send(base, "DELETE", "/b", null, null);
        HttpResponse<String> anonymous = TestHttp.withBearer(null).get(base, "/c");

        assertThat(TestHttp.body(own)).containsEntry("authorization", "Bearer mine").containsEntry("method", "GET");
        assertThat(TestHttp.body(service)).containsEntry("authorization", "Bearer " + TestHttp.SERVICE_TOKEN)
                .containsEntry("method", "DELETE");
        assertThat(TestHttp.body(anonymous)).containsEntry("authorization", "null");
        assertThat(List.of(own, service, anonymous)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
    }
}
