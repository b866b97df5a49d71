package dev.threadline.e2e.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Sends the conversation mix through {@code POST /v1/batch} at a fixed rate for a fixed time, and writes every answer
 * into the {@link Ledger}. Each worker owns its conversations and waits for one batch's answer before it sends the
 * next, so a conversation's commands arrive in order. Nothing is retried: an unacknowledged command may be lost.
 * Where ingest runs is asked before every batch, so a restarted ingest on another port is found.
 */
final class LoadGenerator implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<URI> ingest;
    private final Ledger ledger;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> running = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean stopped;

    LoadGenerator(Supplier<URI> ingest, Ledger ledger) {
        this.ingest = ingest;
        this.ledger = ledger;
    }

    /** Starts {@code workers} senders that together send {@code rate} commands per second for {@code duration}. */
    LoadGenerator start(int rate, Duration duration, int workerCount, int batchSize, long seed) {
        long end = System.nanoTime() + duration.toNanos();
        long interval = Math.max(1, (long) (TimeUnit.SECONDS.toNanos(1) * (double) batchSize * workerCount / rate));
        for (int w = 0; w < workerCount; w++) {
            ConversationMix mix = new ConversationMix(seed * 31 + w);
            long offset = interval * w / workerCount;
            running.add(workers.submit(() -> run(mix, batchSize, interval, offset, end)));
        }
        return this;
    }

    /** Waits until every worker has sent its last batch and had its answer. */
    void awaitEnd() {
        for (Future<?> worker : running) {
            try {
                worker.get();
            } catch (Exception e) {
                throw new IllegalStateException("A load worker failed", e);
            }
        }
    }

    private void run(ConversationMix mix, int batchSize, long interval, long offset, long end) {
        long next = System.nanoTime() + offset;
        while (!stopped && next < end) {
            LockSupport.parkNanos(next - System.nanoTime());
            send(mix, mix.next(batchSize));
            next += interval;
            // A sender that fell behind (a slow answer, a timeout) does not burst to catch up.
            next = Math.max(next, System.nanoTime() - interval);
        }
    }

    private void send(ConversationMix mix, List<ChaosCommand> batch) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode commands = body.putArray("commands");
        batch.forEach(command -> commands.add(command.json()));
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(ingest.get().resolve("/v1/batch")).timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            ledger.answer("connection:" + e.getClass().getSimpleName());
            batch.forEach(command -> ledger.unacked(command, "connection"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.forEach(command -> ledger.unacked(command, "interrupted"));
            return;
        }
        String answer = "http-" + response.statusCode() + (isOutcomeUnknown(response) ? "-outcome-unknown" : "");
        ledger.answer(answer);
        if (response.statusCode() / 100 != 2) {
            batch.forEach(command -> ledger.unacked(command, answer));
            return;
        }
        record(mix, batch, response.body());
    }

    /**
     * A 503 whose events were inside a transaction Kafka had not confirmed yet: they may still be committed, unlike
     * after any other 503, which promises nothing was published.
     */
    private static boolean isOutcomeUnknown(HttpResponse<String> response) {
        return response.statusCode() == 503 && response.body() != null
                && response.body().contains("urn:threadline:problem:publish-outcome-unknown");
    }

    private void record(ConversationMix mix, List<ChaosCommand> batch, String body) {
        JsonNode results;
        try {
            results = JSON.readTree(body).get("results");
        } catch (IOException e) {
            batch.forEach(command -> ledger.unacked(command, "unreadable-answer"));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            JsonNode result = results.get(i);
            ChaosCommand command = batch.get(i);
            if (result != null && result.path("status").asInt() == 202) {
                List<String> eventIds = new ArrayList<>();
                result.path("events").forEach(event -> eventIds.add(event.path("eventId").asText()));
                ledger.acked(command, eventIds);
                mix.acknowledged(command);
            } else {
                ledger.unacked(command, "item-" + (result == null ? "missing" : result.path("status").asText()));
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        workers.shutdownNow();
    }
}
