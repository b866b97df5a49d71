package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.rebuild.ThreadlineRebuild;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@code ./threadline rebuild} (docs/lifecycle.md, "Rebuild") against the running pipeline: the read model rebuilt from
 * conversation-events into a fresh database is the live one, conversation by conversation — erasures and purges
 * included — and a live row changed behind Threadline's back is found.
 */
class RebuildEndToEndIT {

    private static final Duration SETTLE = Duration.ofSeconds(60);
    private static final TestHttp SERVICE = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-service", "service"));
    private static final TestHttp ADMIN = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-privacy", "admin"));
    private static final TestHttp AGENT = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-agent", "agent"));

    @Test
    void theRebuiltReadModelIsTheLiveOneAndALiveRowChangedBehindItsBackIsFound() throws Exception {
        // Given conversations through the pipeline: messages, an edit, an erased customer and a purged conversation
        LayoutImport.Pipeline pipeline = LayoutImport.Pipeline.shared();
        TestInfrastructure infra = TestInfrastructure.shared();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String customer = "rebuild-customer-" + run;
        String kept = start(pipeline, customer);
        String message = post(pipeline, kept, "agent-3", "agent", "We will refund you");
        assertThat(SERVICE.json(pipeline.ingest().baseUri(), "PATCH", "/v1/conversations/" + kept + "/messages/" + message,
                "{\"content\": \"We will refund you today\", \"actor\": {\"id\": \"agent-3\", \"role\": \"agent\"}}")
                .statusCode()).isEqualTo(202);
        String purged = start(pipeline, customer);
        assertThat(ADMIN.json(pipeline.ingest().baseUri(), "POST", "/v1/users/" + customer + "/erasure", "{}").statusCode())
                .isEqualTo(202);
        assertThat(ADMIN.json(pipeline.ingest().baseUri(), "DELETE", "/v1/conversations/" + purged + "?purge=true", "")
                .statusCode()).isEqualTo(202);
        Eventually.eventually(SETTLE, Eventually.POLL, () -> {
            HttpResponse<String> gone = AGENT.get(pipeline.thread().baseUri(), "/v1/conversations/" + purged + "?includeDeleted=true");
            JsonNode conversation = TestHttp.tree(AGENT.get(pipeline.thread().baseUri(), "/v1/conversations/" + kept));
            return gone.statusCode() == 404 && conversation.path("createdBy").asText().startsWith("erased-") ? Boolean.TRUE : null;
        });

        // When the read model is rebuilt from the log into a fresh database
        String into = infra.newDatabase("rebuild_" + run);
        String group = "thread-service-rebuild-" + run;
        List<String> common = List.of("--bootstrap-servers", infra.kafkaBootstrapServers(), "--live", pipeline.readModel(),
                "--live-group", pipeline.group(), "--user", infra.jdbcUser(), "--password", infra.jdbcPassword(),
                "--into", into, "--group", group, "--timeout", "PT5M");
        Outcome rebuilt = rebuild(common, "--settle", "PT60S");

        // Then it reports its progress and finds both read models identical
        assertThat(rebuilt.code()).as(rebuilt.output()).isZero();
        assertThat(rebuilt.output()).contains("threadline rebuild: rebuilding").contains("rebuilt")
                .containsPattern("compared [0-9,]+ conversations with the live read model: identical");

        // When a live message is changed in the database, not through an event
        try (Connection live = DriverManager.getConnection(pipeline.readModel(), infra.jdbcUser(), infra.jdbcPassword());
             PreparedStatement tamper = live.prepareStatement("UPDATE messages SET content = 'changed by hand' WHERE id = ?::uuid")) {
            tamper.setString(1, message);
            assertThat(tamper.executeUpdate()).isEqualTo(1);
        }
        Outcome compared = rebuild(common, "--compare-only", "--settle", "PT2S");

        // Then the comparison names that conversation and its messages
        assertThat(compared.code()).as(compared.output()).isEqualTo(1);
        assertThat(compared.output()).contains("1 differ").contains(kept + ": messages");
    }

    private record Outcome(int code, String output) {
    }

    private static Outcome rebuild(List<String> common, String... more) {
        List<String> args = new ArrayList<>(common);
        args.addAll(List.of(more));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(output, true, StandardCharsets.UTF_8);
        int code = ThreadlineRebuild.run(args.toArray(String[]::new),
                Map.of(DevelopmentTokens.SECRET_VARIABLE, DevelopmentTokens.processSecret()), stream, stream);
        return new Outcome(code, output.toString(StandardCharsets.UTF_8));
    }

    private static String start(LayoutImport.Pipeline pipeline, String customer) {
        HttpResponse<String> started = SERVICE.json(pipeline.ingest().baseUri(), "POST", "/v1/conversations", """
                {"kind": "support", "title": "Refund", "createdBy": "%s",
                 "participants": [{"userId": "%s", "role": "user"}, {"userId": "agent-3", "role": "agent"}],
                 "firstMessage": {"senderId": "%s", "senderRole": "user", "content": "I want my money back"}}"""
                .formatted(customer, customer, customer));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        return (String) TestHttp.body(started).get("conversationId");
    }

    private static String post(LayoutImport.Pipeline pipeline, String conversation, String sender, String role, String content) {
        HttpResponse<String> posted = SERVICE.json(pipeline.ingest().baseUri(), "POST", "/v1/conversations/" + conversation + "/messages",
                "{\"senderId\": \"%s\", \"senderRole\": \"%s\", \"content\": \"%s\"}".formatted(sender, role, content));
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
        return (String) TestHttp.body(posted).get("messageId");
    }
}
