package dev.threadline.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.threadline.localstack.DevelopmentTokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends commands to ingest as one {@code POST /v1/batch} and writes the answer into the {@link Ledger}: each 202 item
 * with the event ids of its receipt, every other item, a non-2xx answer or a connection error as unacknowledged with
 * the reason. Nothing is retried: an unacknowledged command may be lost.
 */
public final class BatchSender {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Ledger ledger;
    /** The load comes from other microservices, as in production: the service role. */
    private static final String TOKEN = DevelopmentTokens.processToken("chaos-load", "service");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    public BatchSender(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Sends {@code batch} to the ingest at {@code ingest}; returns the commands it acknowledged, in batch order. */
    public List<ChaosCommand> send(URI ingest, List<ChaosCommand> batch) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode commands = body.putArray("commands");
        batch.forEach(command -> commands.add(command.json()));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(ingest.resolve("/v1/batch")).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            ledger.answer("connection:" + e.getClass().getSimpleName());
            batch.forEach(command -> ledger.unacked(command, "connection"));
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.forEach(command -> ledger.unacked(command, "interrupted"));
            return List.of();
        }
        String answer = "http-" + response.statusCode() + (isOutcomeUnknown(response) ? "-outcome-unknown" : "");
        ledger.answer(answer);
        if (response.statusCode() / 100 != 2) {
            batch.forEach(command -> ledger.unacked(command, answer));
            return List.of();
        }
        return record(batch, response.body());
    }

    /**
     * A 503 whose events were inside a transaction Kafka had not confirmed yet: they may still be committed, unlike
     * after any other 503, which promises nothing was published.
     */
    private static boolean isOutcomeUnknown(HttpResponse<String> response) {
        return response.statusCode() == 503 && response.body() != null
                && response.body().contains("urn:threadline:problem:publish-outcome-unknown");
    }

    private List<ChaosCommand> record(List<ChaosCommand> batch, String body) {
        JsonNode results;
        try {
            results = JSON.readTree(body).get("results");
        } catch (IOException e) {
            batch.forEach(command -> ledger.unacked(command, "unreadable-answer"));
            return List.of();
        }
        List<ChaosCommand> acknowledged = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            JsonNode result = results == null ? null : results.get(i);
            ChaosCommand command = batch.get(i);
            if (result != null && result.path("status").asInt() == 202) {
                List<String> eventIds = new ArrayList<>();
                result.path("events").forEach(event -> eventIds.add(event.path("eventId").asText()));
                ledger.acked(command, eventIds);
                acknowledged.add(command);
            } else {
                ledger.unacked(command, "item-" + (result == null ? "missing" : result.path("status").asText()));
            }
        }
        return acknowledged;
    }
}
