package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.importer.SourceIds;
import dev.threadline.importer.ThreadlineImport;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./threadline import} against the real ingest and thread services (docs/import.md): a JSON Lines history with
 * good and bad records is imported with its own times, bad records land in the rejects file with their line and reason,
 * and running the import again publishes nothing twice.
 */
class ImportCommandEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMPORT_TOKEN = DevelopmentTokens.processToken("desk-import", "service", "import");
    private static final TestHttp AGENT = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-agent", "agent"));

    private static ServiceProcess ingest;
    private static ServiceProcess thread;
    private static TopicReader topic;

    @BeforeAll
    static void startServices() throws IOException {
        LayoutImport.Pipeline pipeline = LayoutImport.Pipeline.shared();
        ingest = pipeline.ingest();
        thread = pipeline.thread();
        topic = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (topic != null) {
            topic.close();
        }
    }

    @Test
    void historyIsImportedWithItsTimesBadRecordsAreSetAsideAndASecondRunPublishesNothing(@TempDir Path dir) throws Exception {
        // Given a history of two support tickets from a store whose ids are not UUIDs, with three bad lines among them
        String source = "desk-" + UUID.randomUUID();
        Path history = dir.resolve("history.jsonl");
        Files.writeString(history, String.join("\n", List.of(
                /* 1 */ "{\"type\": \"conversation\", \"id\": \"T-1\", \"kind\": \"support\", \"title\": \"Parcel\", \"startedAt\": \"2022-05-02T08:00:00Z\"}",
                /* 2 */ "{\"type\": \"participant\", \"conversationId\": \"T-1\", \"userId\": \"c-1\", \"role\": \"user\", \"joinedAt\": \"2022-05-02T08:00:00Z\"}",
                /* 3 */ "{\"type\": \"message\", \"conversationId\": \"T-1\", \"id\": 1, \"senderId\": \"c-1\", \"senderRole\": \"user\", \"content\": \"Where is it?\", \"occurredAt\": \"2022-05-02T08:01:00Z\"}",
                /* 4 */ "{\"type\": \"message\", \"conversationId\": \"T-1\", \"id\": 2, \"senderId\": \"a-1\", \"senderRole\": \"agent\", \"content\": \"Found it\", \"occurredAt\": \"2022-05-02T08:31:00Z\", \"replyTo\": 1}",
                /* 5 */ "{\"type\": \"message\", \"conversationId\": \"T-1\", \"id\": 3, \"senderRole\": \"robot\", \"content\": \"beep\", \"occurredAt\": \"2022-05-02T08:32:00Z\"}",
                /* 6 */ "{\"type\": \"status\", \"conversationId\": \"T-1\", \"status\": \"resolved\", \"occurredAt\": \"2022-05-02T09:00:00Z\"}",
                /* 7 */ "{\"type\": \"conversation\", \"id\": \"T-2\", \"kind\": \"support\", \"startedAt\": \"2022-06-01T10:00:00Z\"",
                /* 8 */ "{\"type\": \"conversation\", \"id\": \"T-2\", \"kind\": \"support\", \"startedAt\": \"2022-06-01T10:00:00Z\", \"owner\": \"x\"}",
                /* 9 */ "{\"type\": \"conversation\", \"id\": \"T-2\", \"kind\": \"support\", \"startedAt\": \"2022-06-01T10:00:00Z\"}",
                /* 10 */ "{\"type\": \"message\", \"conversationId\": \"T-2\", \"id\": 1, \"senderId\": \"c-2\", \"senderRole\": \"user\", \"content\": \"Hello\", \"occurredAt\": \"2022-06-01T10:00:05Z\"}",
                /* 11 */ "{\"type\": \"read\", \"conversationId\": \"T-2\", \"userId\": \"c-2\", \"upToMessageId\": 1, \"occurredAt\": \"2022-06-01T10:00:06Z\"}"))
                + "\n");
        Map<TopicPartition, Long> before = topic.endOffsets(Topics.CONVERSATION_EVENTS);
        SourceIds ids = new SourceIds(source);
        Set<String> tickets = Set.of(ids.conversation("T-1"), ids.conversation("T-2"));

        // When it is imported in batches of three records
        Result first = importHistory(history, source, "--batch", "3");

        // Then the good records are imported, the three bad ones refused with their line and reason
        assertThat(first.code()).as(first.err()).isEqualTo(1);
        assertThat(first.out()).contains("11 records handled: 8 imported (2 conversations, 3 messages), 3 refused");
        List<JsonNode> rejects = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("history.jsonl.rejects.jsonl"))) {
            rejects.add(JSON.readTree(line));
        }
        // (the lanes write their refusals as their batches are answered: by line, they are these)
        rejects.sort(Comparator.comparingLong(r -> r.get("line").asLong()));
        assertThat(rejects).extracting(r -> r.get("line").asLong()).containsExactly(5L, 7L, 8L);
        assertThat(rejects.get(0).get("reason").asText()).contains("400", "senderRole");
        assertThat(rejects.get(1).get("reason").asText()).startsWith("not JSON");
        assertThat(rejects.get(2).get("reason").asText()).isEqualTo("owner: not a field of a conversation record");
        assertThat(rejects.get(2).get("record").asText()).contains("\"owner\": \"x\"");
        assertThat(eventsOf(tickets, before)).isEqualTo(8);

        // And the read model has both tickets at their own times, under ids derived from the source's
        String ticket = Eventually.eventually(Duration.ofSeconds(60), Eventually.POLL, () -> resolved(source, "T-1"));
        JsonNode one = JSON.readTree(ticket);
        assertThat(one.get("startedAt").asText()).isEqualTo("2022-05-02T08:00:00Z");
        assertThat(one.get("firstResponseAt").asText()).isEqualTo("2022-05-02T08:31:00Z");
        assertThat(one.get("resolvedAt").asText()).isEqualTo("2022-05-02T09:00:00Z");
        assertThat(one.get("messageCounts").get("total").asInt()).isEqualTo(2);

        // When the same command runs again, and again from the first line
        Result again = importHistory(history, source, "--batch", "3");
        Result restarted = importHistory(history, source, "--batch", "3", "--restart");

        // Then the first sends nothing (the state file says the file is done), the second is answered by the ingest
        // service from the first run's batches (same Idempotency-Keys), and no event is published twice
        assertThat(again.out()).contains("was imported already");
        assertThat(restarted.code()).as(restarted.err()).isEqualTo(1);
        assertThat(eventsOf(tickets, before)).isEqualTo(8);
    }

    @Test
    void anImportThatCannotReachIngestStopsAndTheNextRunResumes(@TempDir Path dir) throws Exception {
        String source = "chat-" + UUID.randomUUID();
        Path history = dir.resolve("history.jsonl");
        Files.writeString(history, "{\"type\": \"conversation\", \"id\": \"C-1\", \"kind\": \"ai_chat\", \"startedAt\": \"2024-01-01T00:00:00Z\"}\n");

        Result stopped = importHistory(history, source, "--ingest", "http://127.0.0.1:" + LocalPorts.findFree(), "--patience", "PT1S");
        Result resumed = importHistory(history, source);

        assertThat(stopped.code()).isEqualTo(3);
        assertThat(stopped.err()).contains("run the same command again to resume");
        assertThat(resumed.code()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("1 records handled: 1 imported (1 conversations, 0 messages), 0 refused");
    }

    /** Events of the tickets published since {@code positions}. */
    private static long eventsOf(Set<String> conversations, Map<TopicPartition, Long> positions) {
        return topic.readSince(Topics.CONVERSATION_EVENTS, positions, Duration.ofSeconds(15)).stream()
                .filter(record -> conversations.contains(record.key())).count();
    }

    private record Result(int code, String out, String err) {
    }

    private static Result importHistory(Path file, String source, String... options) {
        List<String> args = new ArrayList<>(List.of(file.toString(), "--source", source, "--token", IMPORT_TOKEN));
        args.addAll(List.of(options));
        if (!args.contains("--ingest")) {
            args.addAll(List.of("--ingest", ingest.baseUri().toString()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ThreadlineImport.run(args.toArray(String[]::new), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The read model's conversation of a source ticket once it is resolved; null before. */
    private static String resolved(String source, String ticket) {
        String id = new SourceIds(source).conversation(ticket);
        HttpResponse<String> answer = AGENT.get(thread.baseUri(), "/v1/conversations/" + id);
        return answer.statusCode() == 200 && answer.body().contains("\"resolvedAt\":\"") ? answer.body() : null;
    }
}
