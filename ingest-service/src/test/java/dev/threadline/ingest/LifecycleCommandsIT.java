package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationPurged;
import dev.threadline.events.Role;
import dev.threadline.events.UserErased;
import dev.threadline.localstack.DevelopmentTokens;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An admin's erasure and purge over HTTP (docs/lifecycle.md): what they publish on conversation-events and what they
 * refuse. Who else may send them is in {@link IngestAuthorisationMatrixIT}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LifecycleCommandsIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final TestHttp ADMIN = TestHttp.withBearer(DevelopmentTokens.processToken("privacy-officer", "admin"));

    @Inject
    EmbeddedServer server;

    private final TopicReader topic = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());

    @Override
    public Map<String, String> getProperties() {
        return TestProperties.service("ingest_lifecycle_commands_it");
    }

    @AfterAll
    void close() {
        topic.close();
    }

    @Test
    void anErasureIsWrittenOnceToEveryPartitionWithAPseudonymOfItsOwn() {
        // When an admin erases a user, redacting their words
        HttpResponse<String> answer = ADMIN.json(server.getURI(), "POST", "/v1/users/customer-77/erasure",
                "{\"replaceWith\": \"pseudonym\", \"redactContent\": true}");

        // Then the answer names the pseudonym, and every partition of conversation-events got the same erasure
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        Map<String, Object> erasure = TestHttp.body(answer);
        String pseudonym = (String) erasure.get("replacement");
        assertThat(pseudonym).startsWith("erased-").doesNotContain("customer-77");
        List<Map<String, Object>> receipts = (List<Map<String, Object>>) erasure.get("events");
        int partitions = topic.endOffsets(Topics.CONVERSATION_EVENTS).size();
        assertThat(receipts).extracting(r -> ((Number) r.get("partition")).intValue())
                .containsExactlyElementsOf(IntStream.range(0, partitions).boxed().toList());
        assertThat(receipts).extracting(r -> r.get("eventId")).containsOnly(receipts.getFirst().get("eventId"));
        for (Map<String, Object> receipt : receipts) {
            ConsumerRecord<String, ConversationEvent> record = recordAt(receipt);
            assertThat(record.key()).isEmpty();
            assertThat(record.value().getConversationId()).isEmpty();
            assertThat(record.value().getActor().getId()).isEqualTo("privacy-officer");
            assertThat(record.value().getActor().getRole()).isEqualTo(Role.admin);
            UserErased erased = (UserErased) record.value().getPayload();
            assertThat(erased.getUserId()).isEqualTo("customer-77");
            assertThat(erased.getReplacement()).isEqualTo(pseudonym);
            assertThat(erased.getRedactContent()).isTrue();
            assertThat(erased.getPartitionCount()).isEqualTo(partitions);
        }

        // And a second erasure gets another pseudonym: nothing links the two
        Map<String, Object> again = TestHttp.body(ADMIN.json(server.getURI(), "POST", "/v1/users/customer-78/erasure", "{}"));
        assertThat(again.get("replacement")).isNotEqualTo(pseudonym);
        assertThat(again.get("redactContent")).isEqualTo(false);
    }

    @Test
    void anErasureWithoutPseudonymLeavesNobodyInTheUsersPlace() {
        HttpResponse<String> answer = ADMIN.json(server.getURI(), "POST", "/v1/users/customer-79/erasure",
                "{\"replaceWith\": \"null\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        Map<String, Object> erasure = TestHttp.body(answer);
        assertThat(erasure).doesNotContainKey("replacement");
        UserErased erased = (UserErased) recordAt(((List<Map<String, Object>>) erasure.get("events")).getFirst()).value().getPayload();
        assertThat(erased.getReplacement()).isNull();
        assertThat(erased.getRedactContent()).isFalse();
    }

    @Test
    void anErasureThatCannotBeDoneIsAProblem() {
        HttpResponse<String> unknownMode = ADMIN.json(server.getURI(), "POST", "/v1/users/customer-80/erasure",
                "{\"replaceWith\": \"somebody\"}");
        assertThat(TestHttp.assertProblem(unknownMode, 400)).containsExactly("replaceWith");
        HttpResponse<String> tooLong = ADMIN.json(server.getURI(), "POST", "/v1/users/" + "x".repeat(201) + "/erasure", "{}");
        assertThat(TestHttp.assertProblem(tooLong, 400)).containsExactly("userId");
    }

    @Test
    void aPurgeIsAnEventOfItsConversation() {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> answer = ADMIN.json(server.getURI(), "DELETE", "/v1/conversations/" + id + "?purge=true", "");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        Map<String, Object> receipt = ((List<Map<String, Object>>) TestHttp.body(answer).get("events")).getFirst();
        assertThat(receipt.get("type")).isEqualTo("ConversationPurged");
        ConsumerRecord<String, ConversationEvent> record = recordAt(receipt);
        assertThat(record.key()).isEqualTo(id);
        assertThat(record.value().getPayload()).isInstanceOf(ConversationPurged.class);
    }

    private ConsumerRecord<String, ConversationEvent> recordAt(Map<String, Object> receipt) {
        int partition = ((Number) receipt.get("partition")).intValue();
        long offset = ((Number) receipt.get("offset")).longValue();
        return topic.read(Topics.CONVERSATION_EVENTS, partition, offset, WAIT)
                .orElseThrow(() -> new AssertionError("No record at " + partition + "/" + offset));
    }
}
