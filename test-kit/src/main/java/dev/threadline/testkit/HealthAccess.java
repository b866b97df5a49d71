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
 * each check's details. A service's test calls {@link #problems} and expects none. The tokens are this JVM's
 * ({@link DevelopmentTokens#processToken}), so the service must verify them.
 */
public final class HealthAccess {

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
