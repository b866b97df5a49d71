package dev.threadline.e2e.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.localstack.DevelopmentTokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One conversation's event stream on the thread service ({@code GET /v1/conversations/{id}/events}), read for the
 * messages it announces: each {@code data:} line with a message id is handed to the listener with the time it
 * arrived. The thread service sends an event once the transaction that applied it committed.
 */
final class LiveMessages implements AutoCloseable {

    /** Told the id of a message the stream announced and when ({@link System#nanoTime()}). */
    interface Listener {
        void announced(String messageId, long atNanos);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final InputStream events;

    private LiveMessages(InputStream events) {
        this.events = events;
    }

    /**
     * Opens the stream once the thread service knows the conversation (it answers 404 before) and returns when its
     * first line (a heartbeat, sent at once) arrived: from then on no event of the conversation is missed.
     */
    static LiveMessages open(URI threadService, String conversationId, Duration within, Listener listener) {
        HttpRequest request = HttpRequest.newBuilder(threadService.resolve("/v1/conversations/" + conversationId + "/events"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + DevelopmentTokens.processToken("pipeline-probe", "ops")).GET().build();
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
                if (response.statusCode() == 200) {
                    LiveMessages stream = new LiveMessages(response.body());
                    CountDownLatch open = new CountDownLatch(1);
                    Thread.ofVirtual().name("live-messages-" + conversationId).start(() -> stream.read(open, listener));
                    if (!open.await(30, TimeUnit.SECONDS)) {
                        stream.close();
                        throw new IllegalStateException("the event stream of " + conversationId + " sent nothing");
                    }
                    return stream;
                }
                response.body().close();
            } catch (IOException e) {
                // the thread service is busy: try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(conversationId + " not visible in the thread service within " + within);
            }
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
    }

    private void read(CountDownLatch open, Listener listener) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(events, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                long at = System.nanoTime();
                open.countDown();
                if (line.startsWith("data:")) {
                    String messageId = JSON.readTree(line.substring("data:".length())).path("messageId").asText("");
                    if (!messageId.isEmpty()) {
                        listener.announced(messageId, at);
                    }
                }
            }
        } catch (IOException e) {
            // closed, or the thread service went away
        }
    }

    @Override
    public void close() {
        try {
            events.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
