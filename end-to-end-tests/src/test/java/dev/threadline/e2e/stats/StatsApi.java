package dev.threadline.e2e.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.localstack.DevelopmentTokens;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** The HTTP API of one stats-streams instance, answers as JSON trees; a 503 (rebalancing) is retried for a while. */
public final class StatsApi {

    /** Makes an instance answer from its own stores only, as for a query another instance forwarded. */
    static final String FORWARDED_HEADER = "X-Threadline-Forwarded";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The statistics are for operators; the instances verify this JVM's tokens (StatsInstance). */
    private static final String OPS_TOKEN = DevelopmentTokens.processToken("e2e-ops", "ops");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    record Answer(int status, JsonNode body, String contentType) {
    }

    private final URI base;

    public StatsApi(URI base) {
        this.base = base;
    }

    Answer conversation(String id) {
        return get("/v1/stats/conversations/" + id, false);
    }

    /** Answered from this instance's stores only: 404 for a conversation another instance holds. */
    Answer conversationHeldHere(String id) {
        return get("/v1/stats/conversations/" + id, true);
    }

    Answer windows(String metric, String window, String group, Instant from, Instant to) {
        int bar = group.indexOf('|');
        return get("/v1/stats/" + metric + "?window=" + window + "&dimension=" + group.substring(0, bar)
                + "&value=" + URLEncoder.encode(group.substring(bar + 1), StandardCharsets.UTF_8)
                + "&from=" + from + "&to=" + to, false);
    }

    Answer statusCounts(String dimension) {
        return get("/v1/stats/status-counts?dimension=" + dimension, false);
    }

    Answer get(String pathAndQuery, boolean heldHere) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            Answer answer = once(pathAndQuery, heldHere);
            if (answer.status() != 503 || System.nanoTime() > deadline) {
                return answer;
            }
            pause(200);
        }
    }

    private Answer once(String pathAndQuery, boolean heldHere) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + OPS_TOKEN).GET();
        if (heldHere) {
            request.header(FORWARDED_HEADER, "true");
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), body, response.headers().firstValue("Content-Type").orElse(""));
        } catch (IOException e) {
            throw new AssertionError("stats-streams at " + base + " did not answer " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
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
