package dev.threadline.ingest;

import static dev.threadline.testkit.TestHttp.assertProblem;
import static dev.threadline.testkit.TestHttp.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TestProperties;
import dev.threadline.testkit.TopicReader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Idempotency-Key holds across instances and restarts: two ingest instances share one database,
 * and a retry on either returns the first response without publishing again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyIT {

    private static final TestHttp HTTP = TestHttp.asService();

    private final Map<String, String> properties = TestProperties.service("ingest_idempotency_it");
    private EmbeddedServer first;
    private EmbeddedServer second;
    private TopicReader topic;

    @BeforeAll
    void startTwoInstances() {
        first = instance("first");
        second = instance("second");
        topic = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());
    }

    @AfterAll
    void stop() {
        topic.close();
        first.getApplicationContext().close();
        second.getApplicationContext().close();
    }

    @Test
    void retryWithTheSameKeyAndBodyReturnsTheFirstResponseAndPublishesNothing() {
        // Given a message posted once with a key
        String key = "retry-" + UUID.randomUUID();
        String path = "/v1/conversations/" + UUID.randomUUID() + "/messages";
        String message = "{\"senderId\": \"u-1\", \"senderRole\": \"user\", \"content\": \"Charge me once\"}";
        var original = HTTP.json(first.getURI(), "POST", path, message, "Idempotency-Key", key);
        assertThat(original.statusCode()).isEqualTo(202);
        var published = topic.endOffsets(Topics.CONVERSATION_EVENTS);

        // When it is retried on the same instance and on another one
        var sameInstance = HTTP.json(first.getURI(), "POST", path, message, "Idempotency-Key", key);
        var otherInstance = HTTP.json(second.getURI(), "POST", path, message, "Idempotency-Key", key);

        // Then both answers equal the first, are marked as replays, and nothing new reached the topic
        assertThat(body(sameInstance)).isEqualTo(body(original));
        assertThat(body(otherInstance)).isEqualTo(body(original));
        assertThat(sameInstance.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(otherInstance.statusCode()).isEqualTo(202);
        assertThat(eventsSince(published, conversationOf(path), original)).isZero();
    }

    @Test
    void sameKeyWithADifferentBodyIsRejected() {
        String key = "reuse-" + UUID.randomUUID();
        String path = "/v1/conversations/" + UUID.randomUUID() + "/messages";
        var original = HTTP.json(first.getURI(), "POST", path, "{\"senderRole\": \"user\", \"content\": \"one\"}",
                "Idempotency-Key", key);
        var published = topic.endOffsets(Topics.CONVERSATION_EVENTS);

        var reused = HTTP.json(second.getURI(), "POST", path, "{\"senderRole\": \"user\", \"content\": \"two\"}", "Idempotency-Key", key);

        assertProblem(reused, 422);
        assertThat(eventsSince(published, conversationOf(path), original)).isZero();
    }

    @Test
    void twoDifferentRequestsThatARecordWouldPrintAlikeAreNotARetryOfEachOther() {
        // One tag "a, b", then two tags "a" and "b" under the same key: a record's toString() shows both as [a, b]
        String key = "lookalike-" + UUID.randomUUID();
        HTTP.json(first.getURI(), "POST", "/v1/conversations", "{\"kind\": \"support\", \"tags\": [\"a, b\"]}", "Idempotency-Key", key);

        var other = HTTP.json(second.getURI(), "POST", "/v1/conversations", "{\"kind\": \"support\", \"tags\": [\"a\", \"b\"]}",
                "Idempotency-Key", key);

        assertProblem(other, 422);
    }

    @Test
    void theFingerprintIsOfTheBodyAsSentNotOfWhatItBindsTo() {
        // The same fields, sent once with other spacing and field order: the bytes differ, so it is not a retry
        String key = "bytes-" + UUID.randomUUID();
        String path = "/v1/conversations/" + UUID.randomUUID() + "/messages";
        var original = HTTP.json(first.getURI(), "POST", path, "{\"senderRole\": \"user\", \"content\": \"same\"}",
                "Idempotency-Key", key);
        assertThat(original.statusCode()).isEqualTo(202);

        var resent = HTTP.json(second.getURI(), "POST", path, "{\"senderRole\": \"user\", \"content\": \"same\"}",
                "Idempotency-Key", key);
        var reworded = HTTP.json(second.getURI(), "POST", path, "{\"content\":\"same\",\"senderRole\":\"user\"}",
                "Idempotency-Key", key);

        assertThat(resent.statusCode()).isEqualTo(202);
        assertThat(resent.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertProblem(reworded, 422);
    }

    @Test
    void aRejectedRequestIsA400AndClaimsNoKey() {
        // Given a key used for a message
        String key = "rejected-" + UUID.randomUUID();
        String path = "/v1/conversations/" + UUID.randomUUID() + "/messages";
        HTTP.json(first.getURI(), "POST", path, "{\"senderRole\": \"user\", \"content\": \"one\"}", "Idempotency-Key", key);
        String fresh = "rejected-first-" + UUID.randomUUID();

        // When invalid requests come with that key and with a fresh one
        var reused = HTTP.json(first.getURI(), "POST", path, "{\"senderRole\": \"user\", \"content\": \"\"}", "Idempotency-Key", key);
        var unclaimed = HTTP.json(first.getURI(), "POST", path, "{\"senderRole\": \"user\", \"content\": \"\"}", "Idempotency-Key", fresh);

        // Then both are 400s naming the field, not a 422 about the key, and the fresh key stays free for a valid request
        assertThat(assertProblem(reused, 400)).containsExactly("content");
        assertThat(assertProblem(unclaimed, 400)).containsExactly("content");
        assertThat(HTTP.json(second.getURI(), "POST", path, "{\"senderRole\": \"user\", \"content\": \"two\"}", "Idempotency-Key", fresh)
                .statusCode()).isEqualTo(202);
    }

    @Test
    void keyOutlivesARestartOfTheInstance() {
        // Given a conversation started with a key on an instance that then stops
        String key = "restart-" + UUID.randomUUID();
        String start = "{\"kind\": \"direct\", \"participants\": [{\"userId\": \"a\", \"role\": \"user\"}]}";
        EmbeddedServer beforeRestart = instance("before-restart");
        var original = HTTP.json(beforeRestart.getURI(), "POST", "/v1/conversations", start, "Idempotency-Key", key);
        beforeRestart.getApplicationContext().close();
        var published = topic.endOffsets(Topics.CONVERSATION_EVENTS);

        // When a new instance receives the retry
        EmbeddedServer restarted = instance("restarted");
        try {
            var retried = HTTP.json(restarted.getURI(), "POST", "/v1/conversations", start, "Idempotency-Key", key);

            // Then it answers with the original conversation id and publishes nothing
            assertThat(body(retried).get("conversationId")).isEqualTo(body(original).get("conversationId"));
            assertThat(eventsSince(published, String.valueOf(body(original).get("conversationId")), original)).isZero();
        } finally {
            restarted.getApplicationContext().close();
        }
    }

    private EmbeddedServer instance(String name) {
        Map<String, Object> settings = new HashMap<>(properties);
        settings.put("threadline.kafka.instance-id", "idempotency-it-" + name + "-" + UUID.randomUUID());
        settings.put("micronaut.environments", "test");
        EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, settings);
        return server.isRunning() ? server : server.start();
    }

    /**
     * Events of {@code conversation} published since {@code positions}, other than those {@code original} answered with:
     * only this test's conversation counts (other tests' contexts may publish to the same broker meanwhile), and the
     * original's own events may still lie beyond {@code positions} (a read_committed end offset moves once the
     * transaction's markers are written, which may be after the 202).
     */
    private long eventsSince(Map<TopicPartition, Long> positions, String conversation, HttpResponse<String> original) {
        List<Object> originalEvents = ((List<Map<String, Object>>) body(original).get("events")).stream()
                .map(event -> event.get("eventId")).toList();
        return topic.readSince(Topics.CONVERSATION_EVENTS, positions, Duration.ofSeconds(3)).stream()
                .filter(record -> conversation.equals(record.key()))
                .filter(record -> !originalEvents.contains(record.value().getEventId())).count();
    }

    private static String conversationOf(String messagesPath) {
        return messagesPath.split("/")[3];
    }
}
