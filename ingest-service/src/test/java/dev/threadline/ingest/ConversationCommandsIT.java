package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.Role;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TopicReader;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConversationCommandsIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    @Client("/")
    HttpClient http;

    private TopicReader topic;

    @Override
    public Map<String, String> getProperties() {
        TestInfrastructure infra = TestInfrastructure.shared();
        topic = new TopicReader(infra.kafkaBootstrapServers());
        return Map.of(
                "threadline.kafka.bootstrap-servers", infra.kafkaBootstrapServers(),
                "datasources.default.url", infra.newDatabase("ingest_commands_it"),
                "datasources.default.username", infra.jdbcUser(),
                "datasources.default.password", infra.jdbcPassword(),
                "threadline.jwt.secret", DevelopmentTokens.processSecret());
    }

    @AfterAll
    void closeReader() {
        topic.close();
    }

    @Test
    void startWithFirstMessageIsAcceptedOnlyAfterBothEventsAreOnTheTopicKeyedByConversation() {
        // Given a support conversation with a first message from the customer
        var body = Map.of(
                "kind", "support",
                "title", "Refund for order 1234",
                "participants", List.of(Map.of("userId", "customer-1", "role", "user"), Map.of("userId", "agent-9", "role", "agent")),
                "firstMessage", Map.of("senderId", "customer-1", "senderRole", "user", "content", "My parcel never arrived"));

        // When it is posted
        HttpResponse<Map> response = http.toBlocking().exchange(HttpRequest.POST("/v1/conversations", body), Map.class);

        // Then the answer is 202 with the ids and where each event is stored
        assertThat(response.code()).isEqualTo(HttpStatus.ACCEPTED.getCode());
        Map<?, ?> accepted = response.body();
        String conversationId = (String) accepted.get("conversationId");
        String messageId = (String) accepted.get("messageId");
        assertThat(conversationId).matches("[0-9a-f-]{36}");
        List<Map<String, Object>> events = (List<Map<String, Object>>) accepted.get("events");
        assertThat(events).extracting(e -> e.get("type")).containsExactly("ConversationStarted", "MessagePosted");

        // And both events are on conversation-events at those offsets, keyed by the conversation id, in order
        ConsumerRecord<String, ConversationEvent> started = recordAt(events.get(0));
        ConsumerRecord<String, ConversationEvent> posted = recordAt(events.get(1));
        assertThat(started.key()).isEqualTo(conversationId);
        assertThat(posted.key()).isEqualTo(conversationId);
        assertThat(posted.partition()).isEqualTo(started.partition());
        assertThat(posted.offset()).isGreaterThan(started.offset());
        var start = (ConversationStarted) started.value().getPayload();
        assertThat(start.getKind()).isEqualTo(ConversationKind.support);
        assertThat(start.getParticipants()).hasSize(2);
        assertThat(started.value().getActor().getId()).isEqualTo("customer-1");
        var message = (MessagePosted) posted.value().getPayload();
        assertThat(message.getMessageId()).isEqualTo(messageId);
        assertThat(message.getSenderRole()).isEqualTo(Role.user);
        assertThat(message.getContent()).isEqualTo("My parcel never arrived");
        assertThat(posted.value().getEventId()).isEqualTo(events.get(1).get("eventId"));
    }

    @Test
    void postedMessageKeepsTheClientSuppliedId() {
        String conversationId = "0190f0c2-1111-7000-8000-000000000001";
        String messageId = "0190f0c2-2222-7000-8000-000000000002";
        var body = Map.of("id", messageId, "senderId", "bot", "senderRole", "assistant", "content", "Hello!",
                "tokensUsed", 17, "model", "gpt-x");

        HttpResponse<Map> response = http.toBlocking()
                .exchange(HttpRequest.POST("/v1/conversations/" + conversationId + "/messages", body), Map.class);

        assertThat(response.code()).isEqualTo(HttpStatus.ACCEPTED.getCode());
        assertThat(response.body()).containsEntry("conversationId", conversationId).containsEntry("messageId", messageId);
        var event = recordAt(((List<Map<String, Object>>) response.body().get("events")).getFirst());
        assertThat(event.key()).isEqualTo(conversationId);
        assertThat(((MessagePosted) event.value().getPayload()).getTokensUsed()).isEqualTo(17);
    }

    @Test
    void invalidCommandIsRejectedAsProblemJsonWithFieldErrorsAndPublishesNothing() {
        // Given a start command without a kind and with an empty first message
        long before = topic.endOffsetSum(Topics.CONVERSATION_EVENTS);
        var body = Map.of("title", "no kind", "firstMessage", Map.of("senderRole", "user", "content", ""));

        // When it is posted
        var rejected = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/v1/conversations", body), Map.class));

        // Then it is a 400 problem naming each offending field
        assertThat(rejected.getResponse().code()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat(rejected.getResponse().getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("application/problem+json"));
        Map<?, ?> problem = rejected.getResponse().getBody(Map.class).orElseThrow();
        assertThat(problem.get("status")).isEqualTo(400);
        assertThat((List<Map<String, Object>>) problem.get("errors")).extracting(e -> e.get("field"))
                .contains("kind", "firstMessage.content");

        // And nothing reached the topic
        assertThat(topic.endOffsetSum(Topics.CONVERSATION_EVENTS)).isEqualTo(before);
    }

    @Test
    void unknownEnumValueIsRejectedAsProblemJson() {
        var rejected = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/v1/conversations", Map.of("kind", "telepathy")), Map.class));

        assertThat(rejected.getResponse().code()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat(rejected.getResponse().getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("application/problem+json"));
    }

    @Test
    void conversationIdThatIsNotAUuidIsRejected() {
        var body = Map.of("senderId", "u", "senderRole", "user", "content", "hi");

        var rejected = catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/v1/conversations/not-a-uuid/messages", body), Map.class));

        assertThat(rejected.getResponse().code()).isEqualTo(HttpStatus.BAD_REQUEST.getCode());
        assertThat(rejected.getResponse().getBody(Map.class).orElseThrow().toString()).contains("must be a UUID");
    }

    private ConsumerRecord<String, ConversationEvent> recordAt(Map<String, Object> receipt) {
        int partition = ((Number) receipt.get("partition")).intValue();
        long offset = ((Number) receipt.get("offset")).longValue();
        return topic.read(Topics.CONVERSATION_EVENTS, partition, offset, WAIT)
                .orElseThrow(() -> new AssertionError("No record at " + partition + "/" + offset));
    }
}
