package dev.threadline.thread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.Role;
import dev.threadline.testkit.ConversationEvents;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.FuzzRun;
import dev.threadline.thread.ThreadQueries.Query;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated queries over every read route of the thread service ({@link ThreadQueries}), sent over HTTP to a real
 * thread service on the real broker and PostgreSQL, which has one conversation: no answer is a 5xx; every rejection
 * is problem+json naming the parameter or path variable at fault; every valid query is answered 200 (404 for a
 * conversation it does not have).
 *
 * <p>Each run draws its queries from a new seed, which a failure names; {@code -Dfuzz.seed=<seed>} replays them and
 * {@code -Dfuzz.tries=<n>} sends n queries instead of 3000 ({@link FuzzRun}).
 */
class ThreadQueryFuzzIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String CONVERSATION = UUID.randomUUID().toString();

    private static EmbeddedServer server;

    @BeforeAll
    static void startWithOneConversation() {
        Map<String, Object> settings = new HashMap<>(ThreadTestSupport.properties("thread_query_fuzz_it"));
        settings.put("micronaut.environments", "test");
        server = ApplicationContext.run(EmbeddedServer.class, settings);
        try (ThreadTestSupport support = new ThreadTestSupport()) {
            Instant now = Instant.now();
            support.send(ConversationEvents.started(CONVERSATION, now.minusSeconds(60)),
                    ConversationEvents.posted(CONVERSATION, UUID.randomUUID().toString(), Role.user, "My parcel never arrived", now.minusSeconds(30)),
                    ConversationEvents.posted(CONVERSATION, UUID.randomUUID().toString(), Role.agent, "Let me check the parcel", now));
        }
        Eventually.eventually(() -> send(new Query("GET", "/v1/conversations/" + CONVERSATION + "/messages", 200, null, "")).status() == 200
                ? true : null);
    }

    @AfterAll
    static void stop() {
        server.getApplicationContext().close();
    }

    @Test
    void everyQueryIsAnsweredAsDocumentedAndNeverWithA5xx() {
        FuzzRun.of("ThreadQueryFuzzIT queries", 3_000).check(ThreadQueries.queries(CONVERSATION), ThreadQueryFuzzIT::check);
    }

    private static void check(Query query) {
        Answer answer = send(query);
        String shown = "answer: %d %s %s".formatted(answer.status(), answer.contentType(), answer.body());
        assertThat(answer.status()).as("no 5xx: " + shown).isLessThan(500);
        assertThat(answer.status()).as(shown).isEqualTo(query.status());
        if (query.status() == 200) {
            assertThat(answer.contentType()).as(shown).isIn("application/json", "text/event-stream");
            return;
        }
        assertThat(answer.contentType()).as(shown).isEqualTo("application/problem+json");
        Map<String, Object> problem = problem(answer, shown);
        assertThat(problem).as(shown).containsEntry("status", query.status());
        if (query.field() != null) {
            List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.getOrDefault("errors", List.of());
            assertThat(errors).as(shown).extracting(error -> error.get("field")).contains(query.field());
        }
    }

    private record Answer(int status, String contentType, String body) {
    }

    /** Sends the query; an event stream is closed as soon as its status and headers are in. */
    private static Answer send(Query query) {
        URI uri = server.getURI().resolve(query.target());
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TestCallerToken.ADMIN)
                .method(query.method(), HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            try (InputStream body = response.body()) {
                String text = contentType.startsWith("text/event-stream") ? "(stream)" : new String(body.readAllBytes(), StandardCharsets.UTF_8);
                return new Answer(response.statusCode(), contentType, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("No answer to " + query, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> problem(Answer answer, String shown) {
        try {
            return JSON.readValue(answer.body(), Map.class);
        } catch (IOException e) {
            throw new AssertionError("Not JSON: " + shown, e);
        }
    }
}
