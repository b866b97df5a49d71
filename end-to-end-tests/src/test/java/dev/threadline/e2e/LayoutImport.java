package dev.threadline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.e2e.stats.StatsApi;
import dev.threadline.e2e.stats.StatsInstance;
import dev.threadline.importer.SourceIds;
import dev.threadline.importer.ThreadlineImport;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TopicReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.common.TopicPartition;

/**
 * What the tests of {@code ./threadline import --from … --layout …} share: one pipeline per test JVM (ingest,
 * thread-service, one stats-streams instance, from the jars), a source database and a source name of its own for each
 * design's tables (so the designs' ids never meet), the import run in-process, and the read model's and stats-streams'
 * view of an imported conversation.
 */
final class LayoutImport implements AutoCloseable {

    private static final Duration SETTLE = Duration.ofSeconds(90);
    private static final TestHttp AGENT = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-agent", "agent"));

    /** What the import printed and returned. */
    record Outcome(int code, String output) {
    }

    /**
     * The pipeline every import test of this JVM imports through, started at first use and stopped with the JVM: the
     * services read every test's events anyway, so one set serves them all and saves each class its start. Its
     * thread-service has a database ({@code readModel}) and a consumer group of its own; its stats-streams reports
     * the lag of that group and of its own application id.
     */
    record Pipeline(ServiceProcess ingest, ServiceProcess thread, ServiceProcess stats, String readModel, String group) {

        private static Pipeline shared;

        static synchronized Pipeline shared() throws IOException {
            if (shared == null) {
                TestInfrastructure infra = TestInfrastructure.shared();
                Path repo = ServiceProcess.locateRepoRoot();
                String run = UUID.randomUUID().toString().substring(0, 8);
                String readModel = infra.newDatabase("layout_import_" + run);
                String group = "thread-service-layout-import-" + run;
                Pipeline started = new Pipeline(
                        ServiceProcess.start(repo, ThreadlineService.INGEST, LocalPorts.findFree(), infra.endpoints()),
                        ServiceProcess.start(repo, ThreadlineService.THREAD, LocalPorts.findFree(),
                                infra.endpoints().withJdbcUrl(readModel), Map.of("THREADLINE_KAFKA_GROUP_ID", group)),
                        // Its pipeline health watches this pipeline's groups (OpsConsoleEndToEndIT).
                        StatsInstance.start(repo, infra.endpoints(), "layout-import-" + run,
                                Files.createTempDirectory("layout-import-"), LocalPorts.findFree(), null,
                                Map.of("THREADLINE_PIPELINE_GROUPS", "layout-import-" + run + "," + group)),
                        readModel, group);
                Runtime.getRuntime().addShutdownHook(new Thread(started::close));
                for (ServiceProcess service : List.of(started.ingest(), started.thread(), started.stats())) {
                    service.awaitHealthy(Duration.ofSeconds(90));
                }
                shared = started;
            }
            return shared;
        }

        void close() {
            for (ServiceProcess service : new ServiceProcess[] {ingest, thread, stats}) {
                service.close();
            }
        }
    }

    private final ServiceProcess ingest;
    private final ServiceProcess thread;
    private final ServiceProcess stats;
    private final String sourceUrl;
    private final SourceIds ids;
    private final String source;
    private final TopicReader topic;
    private final Map<TopicPartition, Long> before;

    LayoutImport(String name) throws IOException {
        TestInfrastructure infra = TestInfrastructure.shared();
        source = name + "-" + UUID.randomUUID();
        ids = new SourceIds(source);
        Pipeline pipeline = Pipeline.shared();
        ingest = pipeline.ingest();
        thread = pipeline.thread();
        stats = pipeline.stats();
        topic = new TopicReader(infra.kafkaBootstrapServers());
        before = topic.endOffsets(Topics.CONVERSATION_EVENTS);
        String database = infra.newDatabase(name.replace('-', '_') + "_source");
        sourceUrl = database + (database.contains("?") ? "&" : "?")
                + "user=" + URLEncoder.encode(infra.jdbcUser(), StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(infra.jdbcPassword(), StandardCharsets.UTF_8);
    }

    Connection source() throws SQLException {
        return DriverManager.getConnection(sourceUrl);
    }

    /** Imports the source's tables with {@code layout}. */
    Outcome importLayout(String layout) throws IOException {
        Path work = Files.createTempDirectory(layout + "-import-");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int code = ThreadlineImport.run(new String[] {"--from", sourceUrl, "--layout", layout, "--source", source,
                "--ingest", ingest.baseUri().toString(), "--token", DevelopmentTokens.processToken("seed-import", "service", "import"),
                "--state", work.resolve("state.json").toString(), "--rejects", work.resolve("rejects.jsonl").toString()},
                Map.of(), print, print);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8) + rejects(work.resolve("rejects.jsonl")));
    }

    private static String rejects(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    /** The read model's conversation of the source's {@code sourceId} once {@code ready} says it is complete. */
    JsonNode conversation(String sourceId, Predicate<JsonNode> ready) {
        String id = ids.conversation(sourceId);
        return Eventually.eventually(SETTLE, Eventually.POLL, () -> {
            HttpResponse<String> answer = AGENT.get(thread.baseUri(), "/v1/conversations/" + id);
            JsonNode body = answer.statusCode() == 200 ? TestHttp.tree(answer) : null;
            return body != null && ready.test(body) ? body : null;
        });
    }

    /** The Threadline id of the source's conversation {@code sourceId}. */
    String id(String sourceId) {
        return ids.conversation(sourceId);
    }

    /** A page of {@code GET /v1/conversations?query} (as an agent) once {@code ready} says it is complete. */
    JsonNode list(String query, Predicate<JsonNode> ready) {
        return Eventually.eventually(SETTLE, Eventually.POLL, () -> {
            HttpResponse<String> answer = AGENT.get(thread.baseUri(), "/v1/conversations?" + query);
            JsonNode body = answer.statusCode() == 200 ? TestHttp.tree(answer) : null;
            return body != null && ready.test(body) ? body : null;
        });
    }

    /** A page of the messages of the source's {@code sourceId} ({@code GET …/messages?query}, as an agent). */
    JsonNode messages(String sourceId, String query) {
        HttpResponse<String> answer = AGENT.get(thread.baseUri(), "/v1/conversations/" + ids.conversation(sourceId) + "/messages" + query);
        if (answer.statusCode() != 200) {
            throw new AssertionError("messages of " + sourceId + ": " + answer.statusCode() + " " + answer.body());
        }
        return TestHttp.tree(answer);
    }

    /** The events the import published for the source's {@code sourceId}: each one's payload type and time. */
    List<String> events(String sourceId) {
        String id = ids.conversation(sourceId);
        return topic.readSince(Topics.CONVERSATION_EVENTS, before, Duration.ofSeconds(15)).stream()
                .filter(record -> id.equals(record.key()))
                .map(record -> record.value().getPayload().getClass().getSimpleName() + "@" + record.value().getOccurredAt())
                .toList();
    }

    /** Waits until the read model answers 404 for the source's {@code sourceId} (deleted, or never there). */
    void conversationGone(String sourceId) {
        String id = ids.conversation(sourceId);
        Eventually.eventually(SETTLE, Eventually.POLL, () ->
                AGENT.get(thread.baseUri(), "/v1/conversations/" + id).statusCode() == 404 ? Boolean.TRUE : null);
    }

    /** stats-streams' metrics of the source's {@code sourceId} once {@code ready} says they are complete. */
    JsonNode metrics(String sourceId, Predicate<JsonNode> ready) {
        String id = ids.conversation(sourceId);
        StatsApi api = new StatsApi(stats.baseUri());
        return Eventually.eventually(SETTLE, Eventually.POLL, () -> {
            JsonNode answer = api.conversationMetrics(id);
            return answer != null && ready.test(answer) ? answer : null;
        });
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static Long millis(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    static String string(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** Milliseconds from {@code from} to {@code to}; null when {@code to} is. */
    static Long between(Instant from, Instant to) {
        return to == null ? null : Duration.between(from, to).toMillis();
    }

    /** Closes what this test opened; the pipeline stays for the next layout test of the JVM. */
    @Override
    public void close() {
        topic.close();
    }
}
