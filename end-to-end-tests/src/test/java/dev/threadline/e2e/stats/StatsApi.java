package dev.threadline.e2e.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.testkit.TestHttp;
import dev.threadline.localstack.DevelopmentTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The HTTP API of one stats-streams instance, answers as JSON trees; a 503 (rebalancing) is retried for a while. */
public final class StatsApi {

    /** Makes an instance answer from its own stores only, as for a query another instance forwarded. */
    static final String FORWARDED_HEADER = "X-Threadline-Forwarded";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The statistics are for operators of a tenant; the instances verify this JVM's tokens (StatsInstance). */
    private static final Map<String, String> OPS_TOKENS = new ConcurrentHashMap<>();

    record Answer(int status, JsonNode body, String contentType) {
    }

    private final URI base;

    public StatsApi(URI base) {
        this.base = base;
    }

    /** A conversation of {@code tenant} (null: the default tenant), asked by an operator of that tenant. */
    Answer conversation(String id, String tenant) {
        return get("/v1/stats/conversations/" + id, false, tenant);
    }

    /** The metrics of a conversation of the default tenant; null unless the answer is 200. */
    public JsonNode conversationMetrics(String id) {
        Answer answer = conversation(id, null);
        return answer.status() == 200 ? answer.body() : null;
    }

    /** The status of {@code GET /v1/stats/conversations/{id}} for a conversation of the default tenant. */
    public int conversationStatus(String id) {
        return conversation(id, null).status();
    }

    /** Answered from this instance's stores only: 404 for a conversation another instance holds. */
    Answer conversationHeldHere(String id, String tenant) {
        return get("/v1/stats/conversations/" + id, true, tenant);
    }

    /**
     * The windows of a group key as stats-streams keys it ({@code all|all}, {@code kind|support}, {@code tenant|T},
     * {@code kind|support|T}), asked by an operator of the group's tenant.
     */
    Answer windows(String metric, String window, String group, Instant from, Instant to) {
        String[] parts = group.split("\\|", 2);
        String tenant = parts[0].equals("tenant") ? parts[1] : null;
        String value = parts[1];
        if (parts[0].equals("kind") || parts[0].equals("priority")) {
            String[] valueAndTenant = parts[1].split("\\|", 2);
            value = valueAndTenant[0];
            tenant = valueAndTenant.length > 1 ? valueAndTenant[1] : null;
        }
        return get("/v1/stats/" + metric + "?window=" + window + "&dimension=" + parts[0]
                + "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&from=" + from + "&to=" + to, false, tenant);
    }

    /** The status counts of a dimension in {@code tenant} (null: the default tenant). */
    Answer statusCounts(String dimension, String tenant) {
        return get("/v1/stats/status-counts?dimension=" + dimension, false, tenant);
    }

    /** As an operator of the default tenant. */
    Answer get(String pathAndQuery, boolean heldHere) {
        return get(pathAndQuery, heldHere, null);
    }

    private Answer get(String pathAndQuery, boolean heldHere, String tenant) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Answer answer = once(pathAndQuery, heldHere, tenant);
            if (answer.status() != 503 || System.nanoTime() > deadline) {
                return answer;
            }
            pause(200);
        }
    }

    private Answer once(String pathAndQuery, boolean heldHere, String tenant) {
        String token = OPS_TOKENS.computeIfAbsent(tenant == null ? "" : tenant, t -> DevelopmentTokens.mint(
                DevelopmentTokens.processSecret(), "e2e-ops", List.of("ops"), t.isEmpty() ? null : t, Duration.ofHours(12)));
        TestHttp http = TestHttp.withBearer(token);
        HttpResponse<String> response = heldHere
                ? http.get(base, pathAndQuery, FORWARDED_HEADER, "true") : http.get(base, pathAndQuery);
        JsonNode body = response.body().isEmpty() ? JSON.nullNode() : TestHttp.tree(response);
        return new Answer(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""));
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
