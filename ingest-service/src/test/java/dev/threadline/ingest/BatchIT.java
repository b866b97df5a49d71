package dev.threadline.ingest;

import static dev.threadline.testkit.TestHttp.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TestProperties;
import dev.threadline.testkit.TopicReader;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchIT implements TestPropertyProvider {

    private static final TestHttp HTTP = TestHttp.asService();

    @Inject
    EmbeddedServer server;

    private TopicReader topic;

    @Override
    public Map<String, String> getProperties() {
        topic = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());
        return TestProperties.service("ingest_batch_it");
    }

    @AfterAll
    void close() {
        topic.close();
    }

    @Test
    void mixedBatchGivesAResultPerItemAndKeepsEachConversationsOrder() {
        // Given a batch that starts a conversation, posts two messages to it, has one invalid item and closes it
        String id = UUID.randomUUID().toString();
        String batch = """
                {"commands": [
                  {"type": "startConversation", "conversation": {"id": "%1$s", "kind": "support", "title": "Batch"}},
                  {"type": "postMessage", "conversationId": "%1$s", "message": {"senderRole": "user", "content": "first"}},
                  {"type": "postMessage", "conversationId": "%1$s", "message": {"senderRole": "user", "content": ""}},
                  {"type": "postMessage", "conversationId": "%1$s", "message": {"senderRole": "agent", "content": "second"}},
                  {"type": "updateConversation", "conversationId": "%1$s", "changes": {"status": "resolved"}}
                ]}""".formatted(id);

        // When it is posted
        var response = HTTP.json(server.getURI(), "POST", "/v1/batch", batch);

        // Then every item has its result in request order; the invalid one names its field
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<Map<String, Object>> results = (List<Map<String, Object>>) body(response).get("results");
        assertThat(results).extracting(r -> r.get("status")).containsExactly(202, 202, 400, 202, 202);
        assertThat((List<Map<String, Object>>) results.get(2).get("errors")).extracting(e -> e.get("field"))
                .containsExactly("message.content");

        // And the valid items' events are on one partition in request order
        var events = topic.readAll(Topics.CONVERSATION_EVENTS, r -> id.equals(r.key()), 4, java.time.Duration.ofSeconds(10));
        assertThat(events).extracting(e -> e.value().getPayload().getClass().getSimpleName())
                .containsExactly("ConversationStarted", "MessagePosted", "MessagePosted", "StatusChanged");
        assertThat(events).extracting(e -> e.partition()).containsOnly(events.getFirst().partition());
        assertThat(events).extracting(e -> e.offset()).isSorted();
    }

    @Test
    void unknownCommandTypeIsA400Problem() {
        var response = HTTP.json(server.getURI(), "POST", "/v1/batch", "{\"commands\": [{\"type\": \"launchRocket\"}]}");

        TestHttp.assertProblem(response, 400);
    }

    @Test
    void largestDocumentedBatchFits() {
        // Given the largest batch docs/configuration.md promises: 500 messages of 32 KiB each (about 16 MB of JSON)
        String id = UUID.randomUUID().toString();
        String content = "x".repeat(32 * 1024);
        StringBuilder batch = new StringBuilder("{\"commands\": [");
        for (int i = 0; i < 500; i++) {
            batch.append(i == 0 ? "" : ",")
                    .append("{\"type\": \"postMessage\", \"conversationId\": \"").append(id)
                    .append("\", \"message\": {\"senderRole\": \"user\", \"content\": \"").append(content).append("\"}}");
        }
        batch.append("]}");

        // When it is posted
        var response = HTTP.json(server.getURI(), "POST", "/v1/batch", batch.toString());

        // Then it is accepted, not refused as too large
        assertThat(response.statusCode()).as(response.body().substring(0, Math.min(300, response.body().length())))
                .isEqualTo(202);
        List<Map<String, Object>> results = (List<Map<String, Object>>) body(response).get("results");
        assertThat(results).hasSize(500).allSatisfy(r -> assertThat(r.get("status")).isEqualTo(202));
    }
}
