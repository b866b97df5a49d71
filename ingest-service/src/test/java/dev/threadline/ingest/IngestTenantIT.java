package dev.threadline.ingest;

import static dev.threadline.testkit.TestHttp.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The tenant of every event comes from the caller's token, never from the body; tenants never share an
 * Idempotency-Key.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestTenantIT implements TestPropertyProvider {

    private static final TestHttp HTTP = TestHttp.asService();

    @Inject
    EmbeddedServer server;

    private TopicReader topic;

    @Override
    public Map<String, String> getProperties() {
        topic = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());
        return TestProperties.service("ingest_tenant_it");
    }

    @AfterAll
    void close() {
        topic.close();
    }

    @Test
    void everyEventOfACommandCarriesTheTenantOfTheCallersToken() {
        // Given callers of tenant acme and of no tenant, starting conversations (with a first message) and posting
        String acme = UUID.randomUUID().toString();
        String none = UUID.randomUUID().toString();
        String batch = UUID.randomUUID().toString();
        accepted(HTTP.json(server.getURI(), "POST", "/v1/conversations", start(acme), "Authorization", bearer("acme")));
        accepted(HTTP.json(server.getURI(), "POST", "/v1/conversations/" + acme + "/messages",
                "{\"senderId\": \"agent-1\", \"senderRole\": \"agent\", \"content\": \"On it\"}", "Authorization", bearer("acme")));
        accepted(HTTP.json(server.getURI(), "POST", "/v1/conversations", start(none), "Authorization", bearer(null)));
        accepted(HTTP.json(server.getURI(), "POST", "/v1/batch", "{\"commands\": [{\"type\": \"startConversation\", "
                + "\"conversation\": " + start(batch) + "}]}", "Authorization", bearer("globex")));

        // Then every event on the topic names that tenant, or none
        assertThat(tenants(acme, 3)).containsOnly("acme").hasSize(3);
        assertThat(tenants(none, 2)).containsOnlyNulls().hasSize(2);
        assertThat(tenants(batch, 2)).containsOnly("globex").hasSize(2);
    }

    @Test
    void twoTenantsUsingTheSameIdempotencyKeyAreTwoCommands() {
        // Given the same key and body from two tenants, and the first tenant again
        String conversation = UUID.randomUUID().toString();
        String key = "order-" + UUID.randomUUID();
        String message = "{\"senderId\": \"customer-1\", \"senderRole\": \"user\", \"content\": \"Where is it?\"}";
        String path = "/v1/conversations/" + conversation + "/messages";
        var first = HTTP.json(server.getURI(), "POST", path, message, "Authorization", bearer("acme"), "Idempotency-Key", key);
        var other = HTTP.json(server.getURI(), "POST", path, message, "Authorization", bearer("globex"), "Idempotency-Key", key);
        var again = HTTP.json(server.getURI(), "POST", path, message, "Authorization", bearer("acme"), "Idempotency-Key", key);

        // Then each tenant's first request is executed with ids of its own, and only the repeat is a replay
        accepted(first);
        accepted(other);
        accepted(again);
        assertThat(other.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(body(other).get("messageId")).isNotEqualTo(body(first).get("messageId"));
        assertThat(body(again).get("messageId")).isEqualTo(body(first).get("messageId"));
    }

    private List<String> tenants(String conversationId, int events) {
        List<ConsumerRecord<String, ConversationEvent>> records = topic.readAll(Topics.CONVERSATION_EVENTS,
                r -> conversationId.equals(r.key()), events, Duration.ofSeconds(10));
        return records.stream().map(r -> r.value().getTenant()).toList();
    }

    private static String start(String id) {
        return "{\"id\": \"" + id + "\", \"kind\": \"support\", \"title\": \"Parcel lost\", \"firstMessage\": "
                + "{\"senderId\": \"customer-1\", \"senderRole\": \"user\", \"content\": \"It never came\"}}";
    }

    private static String bearer(String tenant) {
        return "Bearer " + DevelopmentTokens.mint(DevelopmentTokens.processSecret(), "orders-service", List.of("service"),
                tenant, Duration.ofMinutes(10));
    }

    private static void accepted(java.net.http.HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }
}
