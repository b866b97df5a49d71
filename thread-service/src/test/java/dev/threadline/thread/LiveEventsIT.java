package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.newId;
import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.Eventually.WAIT;
import static dev.threadline.testkit.Eventually.eventually;
import static dev.threadline.thread.ThreadTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.Role;
import dev.threadline.thread.service.LiveEvents;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@MicronautTest
class LiveEventsIT extends ThreadServiceIT {

    private static final Instant T0 = Instant.parse("2026-07-01T12:00:00Z");

    @Inject
    EmbeddedServer server;

    @Inject
    LiveEvents liveEvents;

    @Inject
    JsonMapper json;

    LiveEventsIT() {
        super("thread_live_events_it");
    }

    @Test
    void messagePostedAfterSubscribingArrivesAsAServerSentEvent() throws Exception {
        // Given a conversation and a client subscribed to its events
        String id = newId();
        support.send(started(id, T0));
        support.sync(http, id);
        try (EventStream stream = EventStream.open(URI.create("http://localhost:" + server.getPort()
                + "/v1/conversations/" + id + "/events"))) {
            eventually(() -> liveEvents.subscribers(id) == 1 ? true : null);

            // When a message is posted and applied
            String messageId = newId();
            ConversationEvent post = posted(id, messageId, "customer-1", Role.user, "Is anyone there?", T0.plusSeconds(5), null);
            support.send(post);
            support.sync(http, id);

            // Then the client receives it: event = payload type, id = event id, data = the message
            ServerSentEvent event = stream.next(e -> "MessagePosted".equals(e.event()));
            assertThat(event.id()).isEqualTo(post.getEventId());
            Map<String, Object> data = json.readValue(event.data(), Map.class);
            assertThat(data).containsEntry("type", "MessagePosted").containsEntry("eventId", post.getEventId())
                    .containsEntry("messageId", messageId).containsEntry("seq", 1).containsEntry("senderId", "customer-1")
                    .containsEntry("senderRole", "user").containsEntry("content", "Is anyone there?")
                    .containsEntry("occurredAt", T0.plusSeconds(5).toString());
        }

        // And when the client goes away, its subscription ends
        eventually(() -> liveEvents.subscribers(id) == 0 ? true : null);
    }

    @Test
    void quietConversationAnswersStatusHeadersAndAFirstHeartbeatAtOnce() throws Exception {
        // Given a conversation on which nothing happens
        String id = newId();
        support.send(started(id, T0));
        support.sync(http, id);
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        try {
            // When a raw client opens its event stream
            long opened = System.nanoTime();
            HttpResponse<InputStream> response = client.sendAsync(HttpRequest.newBuilder(URI.create(
                            "http://localhost:" + server.getPort() + "/v1/conversations/" + id + "/events"))
                            .header("Accept", "text/event-stream").header("Authorization", "Bearer " + TestCallerToken.ADMIN)
                            .build(), HttpResponse.BodyHandlers.ofInputStream())
                    .get(2, TimeUnit.SECONDS);

            // Then the status line and headers arrive at once, and a first heartbeat right after them
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            String first = CompletableFuture.supplyAsync(() -> firstEvent(response.body()))
                    .get(2, TimeUnit.SECONDS);
            assertThat(first).contains("heartbeat");
            assertThat(Duration.ofNanos(System.nanoTime() - opened)).isLessThan(Duration.ofSeconds(2));
        } finally {
            client.shutdownNow();
        }
    }

    /** The text of the stream up to the end of its first event (a blank line). */
    private static String firstEvent(InputStream body) {
        StringBuilder text = new StringBuilder();
        try {
            while (text.indexOf("\n\n") < 0) {
                int b = body.read();
                if (b < 0) {
                    break;
                }
                text.append((char) b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    @Test
    void unknownConversationHasNoEventStream() {
        assertThat(failure(http, "/v1/conversations/" + newId() + "/events").getStatus().getCode()).isEqualTo(404);
    }

    /** One event of a text/event-stream. */
    record ServerSentEvent(String event, String id, String data) {
    }

    /** A text/event-stream read on its own thread into a queue, the way a browser's EventSource reads it. */
    private static final class EventStream implements AutoCloseable {

        private final java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        private final BlockingQueue<ServerSentEvent> events = new LinkedBlockingQueue<>();

        static EventStream open(URI uri) {
            EventStream stream = new EventStream();
            HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + TestCallerToken.ADMIN).build();
            stream.client.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
                String[] fields = new String[3];
                response.body().forEach(line -> stream.read(line, fields));
            });
            return stream;
        }

        private void read(String line, String[] fields) {
            if (line.isEmpty()) {
                if (fields[2] != null) {
                    events.add(new ServerSentEvent(fields[0], fields[1], fields[2]));
                }
                fields[0] = fields[1] = fields[2] = null;
                return;
            }
            int colon = line.indexOf(':');
            String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
            switch (colon < 0 ? line : line.substring(0, colon)) {
                case "event" -> fields[0] = value;
                case "id" -> fields[1] = value;
                case "data" -> fields[2] = fields[2] == null ? value : fields[2] + "\n" + value;
                default -> {
                    // comments and retry
                }
            }
        }

        ServerSentEvent next(java.util.function.Predicate<ServerSentEvent> wanted) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                ServerSentEvent event = events.poll(100, TimeUnit.MILLISECONDS);
                if (event != null && wanted.test(event)) {
                    return event;
                }
            }
            throw new AssertionError("No such event within " + WAIT);
        }

        @Override
        public void close() throws IOException {
            client.shutdownNow();
        }
    }
}
