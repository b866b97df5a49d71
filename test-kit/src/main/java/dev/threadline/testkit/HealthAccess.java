package dev.threadline.testkit;

import dev.threadline.localstack.DevelopmentTokens;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * Who may see a service's health, checked over HTTP the way probes and operators ask: liveness and readiness answer
 * anyone, with the status alone (UP or DOWN: a probe may ask while the service still connects); the detailed
 * {@code /health} wants a token ({@code 401} without), of an operator ({@code 403} for another role), and then shows
 * each check's details. Metrics are scraped without a token at {@code /prometheus}; Micronaut's other management
 * endpoints are off (404 even for an admin). A service's test calls {@link #problems} and expects none. The tokens are this JVM's
 * ({@link DevelopmentTokens#processToken}), so the service must verify them.
 */
public final class HealthAccess {

    /** Micronaut's management endpoints other than health and metrics: each service turns them off. */
    private static final List<String> MANAGEMENT_ENDPOINTS_OFF = List.of("/beans", "/routes", "/info", "/loggers",
            "/threaddump", "/env", "/refresh", "/metrics");

    private HealthAccess() {
    }

    /** What is wrong with the health access of the service at {@code base}; {@code otherRole} is a non-operator role. */
    public static List<String> problems(URI base, String otherRole) {
        List<String> problems = new ArrayList<>();
        for (String probe : List.of("/health/liveness", "/health/readiness")) {
            HttpResponse<String> answer = get(base, probe, null);
            if ((answer.statusCode() != 200 && answer.statusCode() != 503) || !answer.body().contains("\"status\"")
                    || answer.body().contains("details")) {
                problems.add(probe + " without a token: " + answer.statusCode() + " " + answer.body());
            }
        }
        expectStatus(problems, base, null, 401);
        expectStatus(problems, base, DevelopmentTokens.processToken(otherRole + "-1", otherRole), 403);
        HttpResponse<String> detailed = get(base, "/health", DevelopmentTokens.processToken("ops-1", "ops"));
        if ((detailed.statusCode() != 200 && detailed.statusCode() != 503) || !detailed.body().contains("details")) {
            problems.add("/health for ops: " + detailed.statusCode() + " " + detailed.body());
        }
        HttpResponse<String> metrics = get(base, "/prometheus", null);
        if (metrics.statusCode() != 200 || !metrics.body().contains("jvm_memory_used_bytes")) {
            problems.add("/prometheus without a token: " + metrics.statusCode());
        }
        String admin = DevelopmentTokens.processToken("admin-1", "admin");
        for (String endpoint : MANAGEMENT_ENDPOINTS_OFF) {
            HttpResponse<String> answer = get(base, endpoint, admin);
            if (answer.statusCode() != 404) {
                problems.add(endpoint + " for an admin: " + answer.statusCode() + ", not 404 (the endpoint is off)");
            }
        }
        return problems;
    }

    private static void expectStatus(List<String> problems, URI base, String token, int status) {
        HttpResponse<String> answer = get(base, "/health", token);
        if (answer.statusCode() != status) {
            problems.add("/health " + (token == null ? "without a token" : "for another role") + ": " + answer.statusCode()
                    + ", not " + status);
        }
    }

    /** {@code GET base+path}, with {@code Authorization: Bearer token} unless the token is null ({@link TestHttp}). */
    public static HttpResponse<String> get(URI base, String path, String token) {
        return TestHttp.withBearer(token).get(base, path);
    }
}
