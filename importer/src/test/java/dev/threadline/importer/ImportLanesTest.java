package dev.threadline.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The import's lanes against a stand-in for the ingest service's {@code POST /v1/batch} that records what it was sent
 * (the real service's answers are checked end to end in ImportCommandEndToEndIT): several batches in flight, every
 * conversation's records in the source's order, and an import stopped half-way resumed without sending anything twice.
 */
class ImportLanesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printedBytes = new ByteArrayOutputStream();
    private final PrintStream output = new PrintStream(printedBytes, true, StandardCharsets.UTF_8);
    private HttpServer server;
    /** Every item the stand-in accepted, in the order it accepted them. */
    private final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger mostInFlight = new AtomicInteger();
    /** Batches the stand-in answers before it answers only 503 (negative: never). */
    private volatile int batchesBeforeOutage = -1;
    private final AtomicInteger batches = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void lanesSendBatchesSideBySideAndKeepEveryConversationsOrder() throws Exception {
        startIngest();
        Path file = history(40, 30);

        int code = ThreadlineImport.run(args(file, "--parallel", "4"), Map.of(), output, output);

        assertThat(code).as(printed()).isZero();
        assertThat(mostInFlight.get()).as("batches in flight at once").isGreaterThan(1);
        assertInOrderAndOnce(40, 30);
    }

    @Test
    void anImportStoppedHalfWayResumesWithoutSendingAnythingTwice() throws Exception {
        // Given an ingest service that goes away after a dozen batches
        startIngest();
        batchesBeforeOutage = 12;
        Path file = history(40, 30);

        // When the import stops there and is run again once the service is back
        int stopped = ThreadlineImport.run(args(file, "--parallel", "4", "--patience", "PT0S"), Map.of(), output, output);
        int acceptedBefore = received.size();
        batchesBeforeOutage = -1;
        int resumed = ThreadlineImport.run(args(file, "--parallel", "4"), Map.of(), output, output);

        // Then the first run said so, the second finished, and every record arrived once, each conversation's in order
        assertThat(stopped).as(printed()).isEqualTo(3);
        assertThat(acceptedBefore).isBetween(1, 40 * 31 - 1);
        assertThat(resumed).as(printed()).isZero();
        assertInOrderAndOnce(40, 30);
        assertThat(ImportState.read(file.resolveSibling(file.getFileName() + ".import-state.json"), JSON).done()).isTrue();
    }

    /** Every conversation's start and messages arrived exactly once, the start first and the messages in order. */
    private void assertInOrderAndOnce(int conversations, int messagesEach) {
        Map<String, List<String>> byConversation = new LinkedHashMap<>();
        synchronized (received) {
            for (JsonNode item : received) {
                String type = item.get("type").asText();
                String conversation = type.equals("startConversation") ? item.at("/conversation/id").asText()
                        : item.get("conversationId").asText();
                String what = type.equals("startConversation") ? "start" : item.at("/message/content").asText();
                byConversation.computeIfAbsent(conversation, c -> new ArrayList<>()).add(what);
            }
        }
        assertThat(byConversation).hasSize(conversations);
        for (List<String> records : byConversation.values()) {
            List<String> expected = new ArrayList<>();
            expected.add("start");
            for (int m = 0; m < messagesEach; m++) {
                expected.add("message " + m);
            }
            assertThat(records).containsExactlyElementsOf(expected);
        }
    }

    /** JSON Lines of conversations interleaved as a live store writes them: starts first, then messages round robin. */
    private Path history(int conversations, int messagesEach) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            lines.add("{\"type\": \"conversation\", \"id\": \"ticket-" + c + "\", \"kind\": \"support\", "
                    + "\"startedAt\": \"2024-01-01T00:00:00Z\"}");
        }
        for (int m = 0; m < messagesEach; m++) {
            for (int c = 0; c < conversations; c++) {
                lines.add("{\"type\": \"message\", \"conversationId\": \"ticket-" + c + "\", \"id\": \"m-" + c + "-" + m
                        + "\", \"senderRole\": \"user\", \"content\": \"message " + m + "\", "
                        + "\"occurredAt\": \"" + Instant.parse("2024-01-01T00:00:00Z").plusSeconds(60L * (m + 1)) + "\"}");
            }
        }
        Path file = dir.resolve("history.jsonl");
        Files.write(file, lines);
        return file;
    }

    private String[] args(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of(file.toString(), "--ingest", "http://127.0.0.1:" + server.getAddress().getPort(),
                "--token", "test-token", "--batch", "25"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private void startIngest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/v1/batch", this::answer);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        mostInFlight.accumulateAndGet(now, Math::max);
        try {
            JsonNode commands = JSON.readTree(exchange.getRequestBody()).get("commands");
            int outage = batchesBeforeOutage;
            if (outage >= 0 && batches.get() >= outage) {
                respond(exchange, 503, "{\"title\": \"Service Unavailable\"}");
                return;
            }
            batches.incrementAndGet();
            Thread.sleep(20); // a batch takes a while, so lanes overlap
            ArrayNode results = JSON.createArrayNode();
            for (int i = 0; i < commands.size(); i++) {
                received.add(commands.get(i));
                ObjectNode result = results.addObject();
                result.put("index", i);
                result.put("status", 202);
            }
            ObjectNode body = JSON.createObjectNode();
            body.set("results", results);
            respond(exchange, 202, JSON.writeValueAsString(body));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String printed() {
        return printedBytes.toString(StandardCharsets.UTF_8);
    }
}
