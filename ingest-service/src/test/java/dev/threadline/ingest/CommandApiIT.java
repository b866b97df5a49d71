package dev.threadline.ingest;

import static dev.threadline.testkit.TestHttp.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationDeleted;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationFlagged;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.ConversationUpdated;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.ParticipantAdded;
import dev.threadline.events.ParticipantRemoved;
import dev.threadline.events.Priority;
import dev.threadline.events.PriorityChanged;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TestProperties;
import dev.threadline.testkit.TopicReader;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Each command endpoint turns its request into the right events on conversation-events. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandApiIT implements TestPropertyProvider {

    private static final TestHttp HTTP = TestHttp.asService();

    @Inject
    EmbeddedServer server;

    private TopicReader topic;
    private final String id = UUID.randomUUID().toString();

    @Override
    public Map<String, String> getProperties() {
        topic = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());
        return TestProperties.service("ingest_command_api_it");
    }

    @AfterAll
    void close() {
        topic.close();
    }

    @Test
    void startCarriesEverySeedField() {
        var events = accepted(HTTP.json(server.getURI(), "POST", "/v1/conversations", """
                {"id": "%s", "kind": "roleplay", "title": "Dragon tavern", "status": "pending", "priority": "high",
                 "createdBy": "player-1", "participants": [{"userId": "player-1", "role": "user"}],
                 "tags": ["fantasy"], "attributes": {"scenarioId": "sc-9", "sessionId": "s-1"},
                 "model": "story-llm", "contextWindow": 8192}""".formatted(id)));

        var started = (ConversationStarted) events.getFirst().value().getPayload();
        assertThat(events.getFirst().key()).isEqualTo(id);
        assertThat(started.getStatus()).isEqualTo(ConversationStatus.pending);
        assertThat(started.getPriority()).isEqualTo(Priority.high);
        assertThat(started.getTags()).containsExactly("fantasy");
        assertThat(started.getAttributes()).containsEntry("scenarioId", "sc-9");
        assertThat(started.getModel()).isEqualTo("story-llm");
        assertThat(started.getContextWindow()).isEqualTo(8192);
    }

    @Test
    void theMediaTypeIsReadWithoutRegardToCase() {
        // Media type names are case-insensitive (RFC 9110 §8.3.1)
        var response = HTTP.send(server.getURI(), "POST", "/v1/conversations/" + id + "/messages", "Application/JSON; charset=UTF-8",
                "{\"senderRole\": \"user\", \"content\": \"shouted header\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        var events = accepted(response);
        assertThat(((MessagePosted) events.getFirst().value().getPayload()).getContent()).isEqualTo("shouted header");
    }

    @Test
    void messageKeepsItsOccurredAtAndSystemMessagesHaveNoSender() {
        Instant earlier = Instant.now().minusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        var events = accepted(HTTP.json(server.getURI(), "POST", "/v1/conversations/" + id + "/messages",
                "{\"senderRole\": \"system\", \"content\": \"Session started\", \"occurredAt\": \"" + earlier + "\"}"));

        ConversationEvent event = events.getFirst().value();
        assertThat(event.getOccurredAt()).isEqualTo(earlier);
        assertThat(event.getIngestedAt()).isAfter(earlier);
        assertThat(((MessagePosted) event.getPayload()).getSenderId()).isNull();
        assertThat(((MessagePosted) event.getPayload()).getSenderRole()).isEqualTo(Role.system);
    }

    @Test
    void patchPublishesStatusPriorityAndDescriptionTogetherInOrder() {
        var events = accepted(HTTP.json(server.getURI(), "PATCH", "/v1/conversations/" + id, """
                {"status": "resolved", "priority": "urgent", "summary": "Refund issued", "keyTopics": ["refund"],
                 "actor": {"id": "agent-9", "role": "agent"}}"""));

        assertThat(events).extracting(e -> e.value().getPayload().getClass().getSimpleName())
                .containsExactly("StatusChanged", "PriorityChanged", "ConversationUpdated");
        assertThat(events).extracting(ConsumerRecord::offset).isSorted();
        assertThat(((StatusChanged) events.get(0).value().getPayload()).getStatus()).isEqualTo(ConversationStatus.resolved);
        assertThat(((PriorityChanged) events.get(1).value().getPayload()).getPriority()).isEqualTo(Priority.urgent);
        assertThat(((ConversationUpdated) events.get(2).value().getPayload()).getKeyTopics()).containsExactly("refund");
        assertThat(events.getFirst().value().getActor().getId()).isEqualTo("agent-9");
    }

    @Test
    void participantsJoinAndLeave() {
        var added = accepted(HTTP.json(server.getURI(), "POST", "/v1/conversations/" + id + "/participants",
                "{\"userId\": \"agent-2\", \"role\": \"agent\"}"));
        var removed = accepted(HTTP.send(server.getURI(), "DELETE", "/v1/conversations/" + id + "/participants/agent-2", null, null));

        assertThat(((ParticipantAdded) added.getFirst().value().getPayload()).getParticipant().getUserId()).isEqualTo("agent-2");
        assertThat(((ParticipantRemoved) removed.getFirst().value().getPayload()).getUserId()).isEqualTo("agent-2");
    }

    @Test
    void readHorizonAndFlagsArePerUser() {
        var read = accepted(HTTP.json(server.getURI(), "POST", "/v1/conversations/" + id + "/read", "{\"userId\": \"u-1\", \"upToSeq\": 7}"));
        var flags = accepted(HTTP.json(server.getURI(), "PUT", "/v1/conversations/" + id + "/flags",
                "{\"userId\": \"u-1\", \"pinned\": true, \"muted\": false}"));

        var horizon = (MessagesRead) read.getFirst().value().getPayload();
        assertThat(horizon.getUserId()).isEqualTo("u-1");
        assertThat(horizon.getUpToSeq()).isEqualTo(7L);
        var flagged = (ConversationFlagged) flags.getFirst().value().getPayload();
        assertThat(flagged.getPinned()).isTrue();
        assertThat(flagged.getMuted()).isFalse();
        assertThat(flagged.getArchived()).isNull();
    }

    @Test
    void messagesAreEditedAndSoftDeletedAndSoIsTheConversation() {
        String messageId = UUID.randomUUID().toString();
        var edited = accepted(HTTP.json(server.getURI(), "PATCH", "/v1/conversations/" + id + "/messages/" + messageId,
                "{\"content\": \"fixed typo\"}"));
        var deleted = accepted(HTTP.send(server.getURI(), "DELETE", "/v1/conversations/" + id + "/messages/" + messageId, null, null));
        var gone = accepted(HTTP.send(server.getURI(), "DELETE", "/v1/conversations/" + id, null, null));

        assertThat(((MessageEdited) edited.getFirst().value().getPayload()).getContent()).isEqualTo("fixed typo");
        assertThat(((MessageDeleted) deleted.getFirst().value().getPayload()).getMessageId()).isEqualTo(messageId);
        assertThat(gone.getFirst().value().getPayload()).isInstanceOf(ConversationDeleted.class);
    }

    /** Asserts a 202 and reads every event of its receipt back from the topic. */
    private List<ConsumerRecord<String, ConversationEvent>> accepted(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        List<Map<String, Object>> receipts = (List<Map<String, Object>>) body(response).get("events");
        assertThat(receipts).isNotEmpty();
        return receipts.stream()
                .map(r -> topic.read(Topics.CONVERSATION_EVENTS, ((Number) r.get("partition")).intValue(),
                                ((Number) r.get("offset")).longValue(), Duration.ofSeconds(10))
                        .orElseThrow(() -> new AssertionError("no event at " + r)))
                .toList();
    }
}
