package dev.threadline.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every service serves Prometheus text at {@code /prometheus}, without a token, and what it says follows what the
 * pipeline did: a conversation posted through ingest shows as events published, applied by the read model with their
 * end-to-end latency, and emitted as metrics by stats-streams. The Grafana dashboard kept in the repository asks only
 * for metrics that the services expose.
 */
class MetricsEndToEndIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final TestHttp SERVICE = TestHttp.withBearer(DevelopmentTokens.processToken("e2e-metrics", "service"));
    private static final TestHttp ANONYMOUS = TestHttp.withBearer(null);
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");

    private static LayoutImport.Pipeline pipeline;

    @BeforeAll
    static void postAConversation() throws IOException {
        pipeline = LayoutImport.Pipeline.shared();
        String customer = "metrics-customer-" + UUID.randomUUID();
        HttpResponse<String> started = SERVICE.json(pipeline.ingest().baseUri(), "POST", "/v1/conversations", """
                {"kind": "support", "title": "Metrics", "createdBy": "%s",
                 "participants": [{"userId": "%s", "role": "user"}],
                 "firstMessage": {"senderId": "%s", "senderRole": "user", "content": "My parcel is late and I am upset"}}"""
                .formatted(customer, customer, customer));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        // And a record that is no event: the thread service and stats-streams dead-letter it
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().kafkaBootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(),
                    ("metrics-garbage-" + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8),
                    "no avro at all".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void ingestCountsWhatItPublishedAndServesJvmHttpAndKafkaMetrics() {
        // When ingest's metrics are scraped without a token
        Map<String, List<Sample>> metrics = scrape(pipeline.ingest());

        // Then they count the events it published, time its transactions, and include HTTP, JVM and producer metrics
        assertThat(total(metrics, "threadline_events_published_total", "source=\"http\"", "type=\"ConversationStarted\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(total(metrics, "threadline_publish_transaction_seconds_count", "outcome=\"committed\"")).isGreaterThanOrEqualTo(1);
        assertThat(total(metrics, "http_server_requests_seconds_count", "uri=\"/v1/conversations\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics).containsKeys("jvm_memory_used_bytes", "threadline_idempotency_requests_total");
        assertThat(metrics.keySet()).anyMatch(name -> name.startsWith("kafka_producer_"));
    }

    @Test
    void threadServiceReportsEventsAppliedTheirLatencyAndItsLag() {
        // When the read model has applied the conversation
        Map<String, List<Sample>> metrics = Eventually.eventually(WAIT, Duration.ofMillis(500), () -> {
            Map<String, List<Sample>> now = scrape(pipeline.thread());
            return total(now, "threadline_events_applied_total", "projection=\"read-model\"", "type=\"MessagePosted\"") >= 1
                    ? now : null;
        });

        // Then its end-to-end latency was measured, and its consumer group's lag is reported
        assertThat(total(metrics, "threadline_end_to_end_latency_seconds_count", "stage=\"read-model\"")).isGreaterThanOrEqualTo(1);
        assertThat(total(metrics, "threadline_end_to_end_latency_seconds_bucket", "stage=\"read-model\"", "le=\"+Inf\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(samples(metrics, "threadline_consumer_lag_records", "group=\"" + pipeline.group() + "\"")).isNotEmpty();
        assertThat(samples(metrics, "threadline_consumer_lag_seconds", "group=\"" + pipeline.group() + "\"")).isNotEmpty();
        assertThat(total(metrics, "threadline_projection_batch_seconds_count", "outcome=\"committed\"")).isGreaterThanOrEqualTo(1);
        assertThat(metrics.keySet()).anyMatch(name -> name.startsWith("kafka_consumer_"));
        // Every dead-letter reason has its counter before the first dead letter of it (a rate reads 0, not nothing)
        for (String reason : List.of("tombstone", "key-mismatch", "malformed", "unknown-schema", "tenant-mismatch",
                "rejected-by-database")) {
            assertThat(samples(metrics, "threadline_events_dead_lettered_total", "consumer=\"thread-service\"",
                    "reason=\"" + reason + "\"")).as(reason).isNotEmpty();
        }
        Eventually.untilPasses(WAIT, Duration.ofMillis(500), () -> assertThat(total(scrape(pipeline.thread()),
                "threadline_events_dead_lettered_total", "consumer=\"thread-service\"", "reason=\"malformed\"")).isGreaterThanOrEqualTo(1));
    }

    @Test
    void statsStreamsReportsTheLatencyToPublishedMetrics() {
        // When stats-streams has emitted the conversation's metrics
        Map<String, List<Sample>> metrics = Eventually.eventually(WAIT, Duration.ofMillis(500), () -> {
            Map<String, List<Sample>> now = scrape(pipeline.stats());
            return total(now, "threadline_end_to_end_latency_seconds_count", "stage=\"metrics\"") >= 1 ? now : null;
        });

        // Then Kafka Streams' own metrics and the input's lag are there too
        assertThat(metrics.keySet()).anyMatch(name -> name.startsWith("kafka_stream_"));
        assertThat(metrics).containsKeys("threadline_consumer_lag_records", "threadline_consumer_lag_seconds");
        for (String reason : List.of("malformed", "unknown-schema", "tombstone", "key-mismatch", "tenant-mismatch")) {
            assertThat(samples(metrics, "threadline_events_dead_lettered_total", "consumer=\"stats-streams\"",
                    "reason=\"" + reason + "\"")).as(reason).isNotEmpty();
        }
        Eventually.untilPasses(WAIT, Duration.ofMillis(500), () -> assertThat(total(scrape(pipeline.stats()),
                "threadline_events_dead_lettered_total", "reason=\"malformed\"")).isGreaterThanOrEqualTo(1));
    }

    @Test
    void everyDashboardQueryAsksForMetricsTheServicesExpose() throws IOException {
        // Given the queries of the dashboard in the repository
        Path dashboard = ServiceProcess.locateRepoRoot().resolve("deploy/grafana/dashboards/threadline.json");
        List<String> queries = new ArrayList<>();
        collectQueries(new ObjectMapper().readTree(Files.readString(dashboard)), queries);
        assertThat(queries).hasSizeGreaterThanOrEqualTo(8);

        // When the three services are scraped, Then every metric each query names is exposed (the dead-letter counters
        // once the garbage record of postAConversation has gone through: hence eventually)
        Eventually.untilPasses(WAIT, Duration.ofMillis(500), () -> {
            Set<String> exposed = new TreeSet<>();
            for (ServiceProcess service : List.of(pipeline.ingest(), pipeline.thread(), pipeline.stats())) {
                exposed.addAll(scrape(service).keySet());
            }
            for (String query : queries) {
                Set<String> named = metricNames(query);
                assertThat(named).as("metrics named by %s", query).isNotEmpty();
                assertThat(exposed).as("exposed metrics, for %s", query).containsAll(named);
            }
        });
    }

    /** The expressions of every panel target of a Grafana dashboard. */
    private static void collectQueries(JsonNode node, List<String> queries) {
        if (node.isObject()) {
            if (node.has("expr")) {
                queries.add(node.get("expr").asText());
            }
            node.forEach(child -> collectQueries(child, queries));
        } else if (node.isArray()) {
            node.forEach(child -> collectQueries(child, queries));
        }
    }

    /** The metric names a PromQL expression selects: identifiers before a selector or range, not functions or labels. */
    static Set<String> metricNames(String promql) {
        String withoutSelectors = promql.replaceAll("\\{[^}]*}", "{}").replaceAll("\\[[^]]*]", "[]")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", "");
        Matcher identifiers = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(?!\\s*\\()").matcher(withoutSelectors);
        Set<String> names = new TreeSet<>();
        while (identifiers.find()) {
            String name = identifiers.group(1);
            if (name.contains("_") && !Set.of("group_left", "group_right").contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static Map<String, List<Sample>> scrape(ServiceProcess service) {
        HttpResponse<String> response = ANONYMOUS.get(service.baseUri(), "/prometheus");
        assertThat(response.statusCode()).as(service.name() + " /prometheus").isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/plain");
        Map<String, List<Sample>> metrics = new java.util.HashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!line.startsWith("#") && sample.find()) {
                metrics.computeIfAbsent(sample.group(1), name -> new ArrayList<>())
                        .add(new Sample(sample.group(2) == null ? "" : sample.group(2), Double.parseDouble(sample.group(3))));
            }
        }
        return metrics;
    }

    private static List<Sample> samples(Map<String, List<Sample>> metrics, String name, String... labels) {
        return metrics.getOrDefault(name, List.of()).stream()
                .filter(sample -> java.util.Arrays.stream(labels).allMatch(sample.labels()::contains))
                .toList();
    }

    private static double total(Map<String, List<Sample>> metrics, String name, String... labels) {
        return samples(metrics, name, labels).stream().mapToDouble(Sample::value).sum();
    }

    /** One line of Prometheus text: its labels as written, and its value. */
    private record Sample(String labels, double value) {
    }
}
