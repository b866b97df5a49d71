package dev.threadline.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.localstack.DevelopmentTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The tests' one raw HTTP client: a request to a service as bytes or JSON, with headers given as name-value pairs and a
 * bearer token unless the headers bring their own {@code Authorization}; the answer as a {@code HttpResponse<String>},
 * its JSON body as a map or a tree. Failures to connect fail the test.
 */
public final class TestHttp {

    /** A token of this JVM's development secret for a caller with the service role, as another microservice calls. */
    public static final String SERVICE_TOKEN = DevelopmentTokens.processToken("test-service", "service");

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bearer;

    private TestHttp(String bearer) {
        this.bearer = bearer;
    }

    /** Requests with {@code token} as bearer token (null: none) unless a request's headers bring an Authorization. */
    public static TestHttp withBearer(String token) {
        return new TestHttp(token);
    }

    /** Requests as a microservice: with {@link #SERVICE_TOKEN} unless a request's headers bring an Authorization. */
    public static TestHttp asService() {
        return new TestHttp(SERVICE_TOKEN);
    }

    /**
     * Sends {@code method path} to the service at {@code base}.
     *
     * @param contentType the body's Content-Type; null: no such header
     * @param body        the body; null: none
     * @param headers     header names and values, alternating
     */
    public HttpResponse<String> send(URI base, String method, String path, String contentType, byte[] body,
                                     String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("Headers come as name-value pairs: " + List.of(headers));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        boolean authorized = false;
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            authorized |= headers[i].equalsIgnoreCase("Authorization");
        }
        if (!authorized && bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(method + " " + base.resolve(path) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends {@code json} as {@code application/json}. */
    public HttpResponse<String> json(URI base, String method, String path, String json, String... headers) {
        return send(base, method, path, "application/json", json.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** A GET without a body. */
    public HttpResponse<String> get(URI base, String path, String... headers) {
        return send(base, "GET", path, null, null, headers);
    }

    /** The response's JSON object as a map (JSON numbers as Integer, Long or Double). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> body(HttpResponse<String> response) {
        try {
            return JSON.readValue(response.body(), Map.class);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    /** The response's JSON body as a tree. */
    public static JsonNode tree(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + response.body(), e);
        }
    }

    /** Asserts an RFC 9457 problem with this status; returns the fields named in its errors. */
    @SuppressWarnings("unchecked")
    public static List<Object> assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        Map<String, Object> problem = body(response);
        assertThat(problem).containsEntry("status", status).containsKey("title");
        List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.getOrDefault("errors", List.of());
        return errors.stream().map(e -> e.get("field")).toList();
    }
}
