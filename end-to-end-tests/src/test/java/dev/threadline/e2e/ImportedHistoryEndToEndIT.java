package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.e2e.stats.StatsApi;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * History from another conversation store, imported with its true times (issue "Data lifecycle"): a support
 * conversation of 2023 goes through ingest with an importing service's token, and the read model and stats-streams
 * compute its start, first response and resolution from those times, not from when it was imported.
 */
class ImportedHistoryEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final TestHttp IMPORTER = TestHttp.withBearer(DevelopmentTokens.processToken("desk-import", "service", "import"));
    private static final TestHttp SERVICE = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-service", "service"));
    private static final TestHttp AGENT = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-agent", "agent"));

    /** The conversation's times in its old store. */
    private static final Instant STARTED = Instant.parse("2023-03-14T09:00:00Z");
    private static final Instant AGENT_NOTE = STARTED.minusSeconds(300);
    private static final Instant ASKED = STARTED.plusSeconds(60);
    private static final Instant ANSWERED = STARTED.plusSeconds(1_260);
    private static final Instant RESOLVED = STARTED.plusSeconds(7_200);
    private static final Instant REOPENED = STARTED.plusSeconds(86_400);
    private static final Instant RESOLVED_AGAIN = STARTED.plusSeconds(90_000);

    private static final String ID = UUID.randomUUID().toString();

    private static ServiceProcess ingest;
    private static ServiceProcess thread;
    private static ServiceProcess stats;

    @BeforeAll
    static void importAConversationOf2023() throws Exception {
        LayoutImport.Pipeline pipeline = LayoutImport.Pipeline.shared();
        ingest = pipeline.ingest();
        thread = pipeline.thread();
        stats = pipeline.stats();

        // An agent's note written five minutes before the customer opened the ticket, then the ticket's life
        List<Map<String, Object>> commands = new ArrayList<>();
        commands.add(Map.of("type", "postMessage", "conversationId", ID, "message", Map.of("senderId", "agent-4",
                "senderRole", "agent", "content", "Customer called about parcel 88", "occurredAt", AGENT_NOTE.toString())));
        commands.add(Map.of("type", "startConversation", "conversation", Map.of("id", ID, "kind", "support",
                "title", "Parcel 88", "occurredAt", STARTED.toString(),
                "participants", List.of(Map.of("userId", "customer-88", "role", "user")))));
        commands.add(message("customer-88", "user", "My parcel never arrived", ASKED));
        commands.add(Map.of("type", "addParticipant", "conversationId", ID,
                "participant", Map.of("userId", "agent-4", "role", "agent", "occurredAt", ANSWERED.minusSeconds(60).toString())));
        commands.add(message("agent-4", "agent", "It is on its way again", ANSWERED));
        commands.add(status("resolved", RESOLVED));
        commands.add(status("open", REOPENED));
        commands.add(status("resolved", RESOLVED_AGAIN));
        HttpResponse<String> accepted = IMPORTER.json(ingest.baseUri(), "POST", "/v1/batch",
                JSON.writeValueAsString(Map.of("commands", commands)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(JSON.readTree(accepted.body()).get("results")).allSatisfy(result ->
                assertThat(result.get("status").asInt()).as(result.toString()).isEqualTo(202));
    }

    @Test
    void theReadModelKeepsTheTimesOfTheOldStore() {
        JsonNode conversation = Eventually.eventually(SETTLE, Eventually.POLL, () -> {
            HttpResponse<String> answer = AGENT.get(thread.baseUri(), "/v1/conversations/" + ID);
            JsonNode body = answer.statusCode() == 200 ? tree(answer.body()) : null;
            return body != null && body.path("reopenCount").asInt() == 1 && !body.path("resolvedAt").isNull() ? body : null;
        });

        assertThat(conversation.get("startedAt").asText()).isEqualTo(STARTED.toString());
        assertThat(conversation.get("firstResponseAt").asText()).as("the note before the start is no response")
                .isEqualTo(ANSWERED.toString());
        assertThat(conversation.get("resolvedAt").asText()).isEqualTo(RESOLVED_AGAIN.toString());
        assertThat(conversation.get("lastMessageAt").asText()).isEqualTo(ANSWERED.toString());
        assertThat(conversation.get("messageCounts").get("total").asInt()).isEqualTo(3);
        assertThat(conversation.get("participants")).extracting(p -> p.get("userId").asText() + "@" + p.get("joinedAt").asText())
                .containsExactlyInAnyOrder("customer-88@" + STARTED, "agent-4@" + ANSWERED.minusSeconds(60));
    }

    @Test
    void statsStreamsMeasuresFromTheTimesOfTheOldStore() {
        StatsApi api = new StatsApi(stats.baseUri());
        JsonNode metrics = Eventually.eventually(SETTLE, Eventually.POLL, () -> {
            JsonNode answer = api.conversationMetrics(ID);
            return answer != null && answer.path("reopenCount").asInt() == 1 && answer.path("resolutionMillis").isNumber()
                    && answer.path("resolutionMillis").asLong() > 7_200_000L ? answer : null;
        });

        assertThat(metrics.get("firstResponseMillis").asLong()).isEqualTo(Duration.between(STARTED, ANSWERED).toMillis());
        assertThat(metrics.get("resolutionMillis").asLong()).isEqualTo(Duration.between(STARTED, RESOLVED_AGAIN).toMillis());
    }

    @Test
    void anOrdinaryServiceCannotSendTheSameHistory() throws Exception {
        HttpResponse<String> refused = SERVICE.json(ingest.baseUri(), "POST", "/v1/batch", JSON.writeValueAsString(
                Map.of("commands", List.of(status("open", REOPENED)))));

        JsonNode result = tree(refused.body()).get("results").get(0);
        assertThat(result.get("status").asInt()).isEqualTo(400);
        assertThat(result.toString()).contains("occurredAt", "import role");
    }

    private static Map<String, Object> message(String sender, String role, String content, Instant at) {
        return Map.of("type", "postMessage", "conversationId", ID, "message",
                Map.of("senderId", sender, "senderRole", role, "content", content, "occurredAt", at.toString()));
    }

    private static Map<String, Object> status(String status, Instant at) {
        return Map.of("type", "updateConversation", "conversationId", ID,
                "changes", Map.of("status", status, "occurredAt", at.toString()));
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
