package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.TestInfrastructure;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the ingest integration tests share: their infrastructure settings and a raw HTTP client. */
final class IngestTestSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.createDefault();
    /** The tests call as another microservice would (the service role), unless a request brings its own token. */
    static final String SERVICE_TOKEN = DevelopmentTokens.processToken("test-service", "service");

    private IngestTestSupport() {
    }

    /** Properties pointing a test's ingest service at the shared broker and a database of its own. */
    static Map<String, String> properties(String database) {
        TestInfrastructure infra = TestInfrastructure.shared();
        Map<String, String> properties = new HashMap<>();
        properties.put("threadline.kafka.bootstrap-servers", infra.kafkaBootstrapServers());
        properties.put("datasources.default.url", infra.newDatabase(database));
        properties.put("datasources.default.username", infra.jdbcUser());
        properties.put("datasources.default.password", infra.jdbcPassword());
        properties.put("threadline.jwt.secret", DevelopmentTokens.processSecret());
        return properties;
    }

    static HttpResponse<String> send(URI base, String method, String path, String contentType, byte[] body, String... headers) {
        var request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        boolean authorized = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            authorized |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (!authorized) {
            request.header("Authorization", "Bearer " + SERVICE_TOKEN);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static HttpResponse<String> json(URI base, String method, String path, String json, String... headers) {
        return send(base, method, path, "application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8), headers);
    }

    static Map<String, Object> body(HttpResponse<String> response) {
        try {
            return JSON.readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    /** Asserts an RFC 9457 problem with this status; returns the fields named in its errors. */
    static List<Object> assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        Map<String, Object> problem = body(response);
        assertThat(problem).containsEntry("status", status).containsKey("title");
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.getOrDefault("errors", List.of());
        return errors.stream().map(e -> e.get("field")).toList();
    }
}
