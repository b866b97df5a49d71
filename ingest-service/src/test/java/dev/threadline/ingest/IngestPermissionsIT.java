package dev.threadline.ingest;

import static dev.threadline.testkit.TestHttp.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestProperties;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a token allows at ingest: services and admins anything (in their tenant); users and agents only to post, edit
 * and delete as themselves and mark their own reads and flags; other roles nothing. A refusal is 403 problem+json
 * saying why (in a batch, the item's result), and publishes nothing.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestPermissionsIT implements TestPropertyProvider {

    private static final TestHttp HTTP = TestHttp.asService();

    private static final String USER = "Bearer " + DevelopmentTokens.processToken("customer-7", "user");
    private static final String AGENT = "Bearer " + DevelopmentTokens.processToken("agent-3", "agent");

    @Inject
    EmbeddedServer server;

    private final String conversation = UUID.randomUUID().toString();

    @Override
    public Map<String, String> getProperties() {
        return TestProperties.service("ingest_permissions_it");
    }

    @Test
    void aUserOrAgentActsOnlyAsItself() {
        String messages = "/v1/conversations/" + conversation + "/messages";
        // Allowed: a message as itself with its own role, its own read horizon and flags
        assertStatus(post(messages, message("customer-7", "user"), USER), 202);
        assertStatus(post(messages, message("agent-3", "agent"), AGENT), 202);
        assertStatus(post("/v1/conversations/" + conversation + "/read", "{\"userId\": \"customer-7\", \"upToSeq\": 1}", USER), 202);
        // Refused: as someone else, with a role it does not have, another's reads, and commands of services and admins
        assertForbidden(post(messages, message("customer-8", "user"), USER), "message.senderId must be the token's subject");
        assertForbidden(post(messages, message("customer-7", "agent"), USER), "message.senderRole must be a role of the token");
        assertForbidden(post("/v1/conversations/" + conversation + "/read", "{\"userId\": \"customer-8\", \"upToSeq\": 1}", USER),
                "userId must be the token's subject");
        assertForbidden(post("/v1/conversations", "{\"kind\": \"support\", \"title\": \"Mine\"}", USER),
                "may only post, edit and delete messages as itself");
        assertForbidden(post(messages, message("ops-1", "user"), "Bearer " + DevelopmentTokens.processToken("ops-1", "ops")),
                "may not send commands");
    }

    @Test
    void servicesAndAdminsActForAnyone() {
        String messages = "/v1/conversations/" + conversation + "/messages";
        assertStatus(post(messages, message("customer-8", "user"), "Bearer " + DevelopmentTokens.processToken("crm", "service")), 202);
        assertStatus(post(messages, message("agent-4", "agent"), "Bearer " + DevelopmentTokens.processToken("admin-1", "admin")), 202);
    }

    @Test
    void aBatchRefusesTheItemsTheTokenDoesNotAllowAndAcceptsTheOthers() {
        String batch = """
                {"commands": [
                  {"type": "postMessage", "conversationId": "%1$s", "message": {"senderId": "customer-7", "senderRole": "user", "content": "mine"}},
                  {"type": "postMessage", "conversationId": "%1$s", "message": {"senderId": "customer-9", "senderRole": "user", "content": "not mine"}},
                  {"type": "updateConversation", "conversationId": "%1$s", "changes": {"status": "resolved"}}
                ]}""".formatted(conversation);

        HttpResponse<String> answer = post("/v1/batch", batch, USER);

        assertStatus(answer, 202);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> results = (List<Map<String, Object>>) body(answer).get("results");
        assertThat(results).extracting(result -> result.get("status")).containsExactly(202, 403, 403);
        assertThat(results.get(1).toString()).contains("message.senderId must be the token's subject");
    }

    private HttpResponse<String> post(String path, String json, String authorization) {
        return HTTP.json(server.getURI(), "POST", path, json, "Authorization", authorization);
    }

    private static String message(String senderId, String role) {
        return "{\"senderId\": \"" + senderId + "\", \"senderRole\": \"" + role + "\", \"content\": \"Hello\"}";
    }

    private static void assertStatus(HttpResponse<String> answer, int status) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    }

    private static void assertForbidden(HttpResponse<String> answer, String reason) {
        assertStatus(answer, 403);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.body()).contains(reason);
    }
}
