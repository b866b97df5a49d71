package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.e2e.stats.StatsApi;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestHttp;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Erasure and purge through the running services (docs/lifecycle.md): an admin's commands to the ingest service, the
 * events on conversation-events, and what the read model and stats-streams answer afterwards.
 */
class ErasureAndPurgeEndToEndIT {

    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final TestHttp SERVICE = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-service", "service"));
    private static final TestHttp ADMIN = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-privacy", "admin"));
    private static final TestHttp AGENT = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-agent", "agent"));

    private static LayoutImport.Pipeline pipeline;

    @BeforeAll
    static void pipeline() throws Exception {
        pipeline = LayoutImport.Pipeline.shared();
    }

    @Test
    void anErasedCustomerLeavesTheReadModelWhileTheAgentsAnswersStay() {
        // Given a customer's two conversations with an agent
        String customer = "customer-" + UUID.randomUUID();
        String first = start(customer, "My card number is 4111 1111");
        String second = start(customer, "Call me on 555-0199");
        String answer = post(first, "agent-7", "agent", "Thanks, we are on it");
        awaitConversation(first, body -> body.path("messageCounts").path("total").asInt() == 2);
        awaitConversation(second, body -> body.path("messageCounts").path("total").asInt() == 1);
        assertThat(list(customer)).hasSize(2);

        // When an admin erases the customer with their words, and a late message of theirs still comes in
        HttpResponse<String> erased = ADMIN.json(pipeline.ingest().baseUri(), "POST", "/v1/users/" + customer + "/erasure",
                "{\"redactContent\": true}");
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(202);
        String pseudonym = (String) TestHttp.body(erased).get("replacement");
        post(first, customer, "user", "One more thing: my address");

        // Then their messages are the pseudonym's and wordless, the agent's answer unchanged, and they are in no list
        JsonNode messages = Eventually.eventually(SETTLE, Eventually.POLL, () -> {
            JsonNode page = TestHttp.tree(AGENT.get(pipeline.thread().baseUri(), "/v1/conversations/" + first + "/messages"));
            return page.path("messages").size() == 3 ? page.path("messages") : null;
        });
        List<String> senders = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        messages.forEach(message -> {
            senders.add(message.path("senderId").asText(null));
            contents.add(message.path("content").asText(null));
        });
        assertThat(senders).containsExactly(pseudonym, "agent-7", pseudonym);
        assertThat(contents).containsExactly(null, "Thanks, we are on it", null);
        assertThat(messages.get(1).path("id").asText()).isEqualTo(answer);
        JsonNode conversation = awaitConversation(second, body -> pseudonym.equals(body.path("createdBy").asText()));
        assertThat(conversation.toString()).doesNotContain(customer).doesNotContain("555-0199");
        assertThat(list(customer)).isEmpty();
    }

    @Test
    void aPurgedConversationIsGoneFromTheReadModelAndStatsStreams() {
        // Given a conversation both the read model and stats-streams know
        String id = start("customer-" + UUID.randomUUID(), "Please forget this conversation");
        awaitConversation(id, body -> body.path("messageCounts").path("total").asInt() == 1);
        StatsApi stats = new StatsApi(pipeline.stats().baseUri());
        Eventually.eventually(SETTLE, Eventually.POLL, () -> stats.conversationMetrics(id));

        // When an admin purges it (a service may not)
        assertThat(SERVICE.json(pipeline.ingest().baseUri(), "DELETE", "/v1/conversations/" + id + "?purge=true", "")
                .statusCode()).isEqualTo(403);
        HttpResponse<String> purged = ADMIN.json(pipeline.ingest().baseUri(), "DELETE", "/v1/conversations/" + id + "?purge=true", "");
        assertThat(purged.statusCode()).as(purged.body()).isEqualTo(202);

        // Then both answer 404 for it
        Eventually.eventually(SETTLE, Eventually.POLL, () ->
                AGENT.get(pipeline.thread().baseUri(), "/v1/conversations/" + id + "?includeDeleted=true").statusCode() == 404
                        ? Boolean.TRUE : null);
        Eventually.eventually(SETTLE, Eventually.POLL, () -> stats.conversationStatus(id) == 404 ? Boolean.TRUE : null);
    }

    private static String start(String customer, String firstWords) {
        HttpResponse<String> started = SERVICE.json(pipeline.ingest().baseUri(), "POST", "/v1/conversations", """
                {"kind": "support", "title": "Card blocked", "createdBy": "%s",
                 "participants": [{"userId": "%s", "role": "user"}, {"userId": "agent-7", "role": "agent"}],
                 "firstMessage": {"senderId": "%s", "senderRole": "user", "content": "%s"}}"""
                .formatted(customer, customer, customer, firstWords));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return (String) TestHttp.body(started).get("conversationId");
    }

    private static String post(String conversation, String sender, String role, String content) {
        HttpResponse<String> posted = SERVICE.json(pipeline.ingest().baseUri(), "POST", "/v1/conversations/" + conversation + "/messages",
                "{\"senderId\": \"%s\", \"senderRole\": \"%s\", \"content\": \"%s\"}".formatted(sender, role, content));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        return (String) TestHttp.body(posted).get("messageId");
    }

    private static JsonNode awaitConversation(String id, Predicate<JsonNode> ready) {
        return Eventually.eventually(SETTLE, Eventually.POLL, () -> {
            HttpResponse<String> answer = AGENT.get(pipeline.thread().baseUri(), "/v1/conversations/" + id);
            JsonNode body = answer.statusCode() == 200 ? TestHttp.tree(answer) : null;
            return body != null && ready.test(body) ? body : null;
        });
    }

    private static JsonNode list(String participant) {
        return TestHttp.tree(AGENT.get(pipeline.thread().baseUri(), "/v1/conversations?participant=" + participant)).path("items");
    }
}
