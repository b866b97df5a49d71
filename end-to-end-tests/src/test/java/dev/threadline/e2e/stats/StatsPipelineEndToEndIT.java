package dev.threadline.e2e.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.analytics.StatusCounts;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import dev.threadline.schemas.topics.DeadLetterHeaders;
import dev.threadline.schemas.topics.Topic;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analytics of a generated set of conversations with known timings, sent through the ingest service (over HTTP
 * and its Kafka intake), computed by two stats-streams instances of one application that share the partitions, and
 * checked against {@link StatsReference}: counts exactly, percentiles within the sketch's 1 % accuracy. Every query
 * goes to both instances, so keys held by the other one are answered by forwarding.
 */
class StatsPipelineEndToEndIT {

    private static final Duration SETTLE = Duration.ofSeconds(90);

    private static final TestInfrastructure INFRA = TestInfrastructure.shared();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Map<String, Map<TopicPartition, Long>> TOPICS_BEFORE = new HashMap<>();
    private static ServiceProcess ingest;
    private static ServiceProcess first;
    private static ServiceProcess second;
    private static StatsApi firstApi;
    private static StatsApi secondApi;
    private static ScriptRun run;
    private static StatsReference reference;

    @BeforeAll
    static void runTheScriptThroughTwoInstances() throws Exception {
        // Given the ingest service and two instances of one stats-streams application
        String bootstrap = INFRA.kafkaBootstrapServers();
        for (Topic<String, ?> topic : List.of(Topics.CONVERSATION_METRICS, Topics.STATUS_COUNTS, Topics.RESPONSE_TIME_STATS,
                Topics.SENTIMENT_STATS)) {
            TOPICS_BEFORE.put(topic.name(), TopicTail.endOffsets(bootstrap, topic));
        }
        TOPICS_BEFORE.put(Topics.STATS_STREAMS_DLQ.name(), TopicTail.endOffsets(bootstrap, Topics.STATS_STREAMS_DLQ));
        Path repo = ServiceProcess.locateRepoRoot();
        Path state = Files.createTempDirectory("stats-pipeline-");
        ingest = ServiceProcess.start(repo, ThreadlineService.INGEST, LocalPorts.findFree(), INFRA.endpoints());
        first = StatsInstance.start(repo, INFRA.endpoints(), "stats-pipeline-" + RUN, state.resolve("first"), LocalPorts.findFree(), null);
        second = StatsInstance.start(repo, INFRA.endpoints(), "stats-pipeline-" + RUN, state.resolve("second"), LocalPorts.findFree(), null);
        ingest.awaitHealthy(Duration.ofSeconds(90));
        first.awaitHealthy(Duration.ofSeconds(90));
        second.awaitHealthy(Duration.ofSeconds(90));
        firstApi = new StatsApi(first.baseUri());
        secondApi = new StatsApi(second.baseUri());

        // When 40 conversations go through the ingest service, every fourth through the intake with a tenant
        StatsScript script = StatsScript.generate(40, 4, 42);
        try (IngestCommands commands = new IngestCommands(ingest.baseUri(), bootstrap, "tenant-" + RUN)) {
            run = new ScriptRun(script, commands, bootstrap);
            var startedAt = run.start();
            run.statusChanges(run.messages(startedAt));
        }
        deadLetterCandidate(bootstrap);
        var log = run.awaitLog();

        // Then, once the instances caught up, what they answer is what the rules say
        reference = StatsReference.of(log, StatsInstance.WINDOWS);
        Eventually.untilPasses(SETTLE, StatsChecks.RETRY, () -> {
            StatsChecks.statusCountsMatch(firstApi, reference);
            StatsChecks.conversationsMatch(firstApi, reference, run.ids());
        });
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess service : new ServiceProcess[] {first, second, ingest}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void conversationMetricsMatchTheReferenceOnBothInstances() {
        StatsChecks.conversationsMatch(firstApi, reference, run.ids());
        StatsChecks.conversationsMatch(secondApi, reference, run.ids());
    }

    @Test
    void windowedAggregatesMatchTheReferenceOnBothInstances() {
        StatsChecks.windowsMatch(firstApi, reference);
        StatsChecks.windowsMatch(secondApi, reference);
    }

    @Test
    void statusCountsAreGatheredFromBothInstances() {
        StatsChecks.statusCountsMatch(secondApi, reference);
    }

    @Test
    void conversationHeldByTheOtherInstanceIsAnsweredByForwarding() {
        // Given which instance holds each conversation: it alone answers from its own stores
        int heldByFirst = 0;
        int heldBySecond = 0;
        for (String id : run.ids()) {
            if (reference.conversations.get(id).deleted) {
                continue;
            }
            String tenant = reference.conversations.get(id).tenant;
            int onFirst = firstApi.conversationHeldHere(id, tenant).status();
            int onSecond = secondApi.conversationHeldHere(id, tenant).status();
            assertThat(List.of(onFirst, onSecond)).as("local answers for %s", id).containsExactlyInAnyOrder(200, 404);
            heldByFirst += onFirst == 200 ? 1 : 0;
            heldBySecond += onSecond == 200 ? 1 : 0;

            // When either instance is asked, Then both answer it, the one that does not hold it by forwarding
            StatsApi.Answer viaFirst = firstApi.conversation(id, tenant);
            StatsApi.Answer viaSecond = secondApi.conversation(id, tenant);
            assertThat(viaFirst.status()).isEqualTo(200);
            assertThat(viaSecond.body()).isEqualTo(viaFirst.body());
        }
        assertThat(heldByFirst).as("conversations held by the first instance").isPositive();
        assertThat(heldBySecond).as("conversations held by the second instance").isPositive();
    }

    @Test
    void analyticsTopicsCarryTheSameResults() {
        String bootstrap = INFRA.kafkaBootstrapServers();
        Eventually.untilPasses(Duration.ofSeconds(30), StatsChecks.RETRY, () -> {
            // Per-conversation metrics, latest per key; the deleted conversation's latest is a tombstone
            Map<String, ConversationMetrics> metrics = new HashMap<>();
            tail(bootstrap, Topics.CONVERSATION_METRICS).forEach(r -> metrics.put(r.key(), r.value()));
            for (String id : run.ids()) {
                StatsReference.Conversation expected = reference.conversations.get(id);
                assertThat(metrics).as("metrics of %s", id).containsKey(id);
                if (expected.deleted) {
                    assertThat(metrics.get(id)).isNull();
                } else {
                    assertThat(metrics.get(id).getFirstResponseMillis()).isEqualTo(expected.firstResponseMillis());
                    assertThat(metrics.get(id).getResolutionMillis()).isEqualTo(expected.resolutionMillis);
                    assertThat(metrics.get(id).getReopenCount()).isEqualTo(expected.reopenCount);
                    assertThat(metrics.get(id).getUserSentimentCount()).isEqualTo(expected.userSentimentCount);
                }
            }
            // Status counts, latest per group
            Map<String, List<Long>> counts = new TreeMap<>();
            tail(bootstrap, Topics.STATUS_COUNTS).forEach(r -> counts.put(r.key(),
                    List.of(r.value().getOpen(), r.value().getPending(), r.value().getResolved())));
            Map<String, List<Long>> expectedCounts = new TreeMap<>();
            reference.statusCounts().forEach((group, c) -> expectedCounts.put(group, List.of(c[0], c[1], c[2])));
            counts.values().removeIf(c -> c.equals(List.of(0L, 0L, 0L)));
            assertThat(counts).isEqualTo(expectedCounts);
            // Windowed aggregates, latest update per series and window
            Map<String, WindowedMetric> windows = new HashMap<>();
            for (Topic<String, WindowedMetric> topic : List.of(Topics.RESPONSE_TIME_STATS, Topics.SENTIMENT_STATS)) {
                tail(bootstrap, topic).forEach(r -> windows.put(r.key() + "@" + r.value().getWindowStart().toEpochMilli(), r.value()));
            }
            ObjectMapper json = new ObjectMapper();
            reference.observations.forEach((key, values) -> {
                String window = StatsInstance.WINDOW_NAMES.get(StatsInstance.WINDOWS.indexOf(key.size()));
                String topicKey = key.metric().replace('-', '_') + "|" + key.group() + "|" + window;
                WindowedMetric published = windows.get(topicKey + "@" + key.start());
                assertThat(published).as("published %s@%s", topicKey, key.start()).isNotNull();
                StatsChecks.windowMatches("published " + topicKey, json.createObjectNode()
                        .put("count", published.getCount()).put("sum", published.getSum())
                        .put("min", published.getMin()).put("max", published.getMax()).put("mean", published.getMean())
                        .put("p50", published.getP50()).put("p90", published.getP90()).put("p99", published.getP99()), values);
            });
        });
    }

    @Test
    void undecodableEventIsDeadLetteredWithItsReason() {
        Eventually.untilPasses(Duration.ofSeconds(30), StatsChecks.RETRY, () -> {
            var dead = TopicTail.readFrom(INFRA.kafkaBootstrapServers(), Topics.STATS_STREAMS_DLQ,
                    TOPICS_BEFORE.get(Topics.STATS_STREAMS_DLQ.name())).stream()
                    .filter(r -> new String(r.key(), StandardCharsets.UTF_8).equals("garbage-" + RUN))
                    // Other stats-streams applications on this broker (other tests) read the record too, each its own.
                    .filter(r -> new String(r.headers().lastHeader(DeadLetterHeaders.APPLICATION).value(), StandardCharsets.UTF_8)
                            .equals("stats-pipeline-" + RUN)).toList();
            // Each of the two instances reads the partition at most once (exactly once), so one dead letter
            assertThat(dead).hasSize(1);
            var headers = dead.getFirst().headers();
            assertThat(new String(headers.lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8)).isEqualTo("malformed");
            assertThat(new String(headers.lastHeader(DeadLetterHeaders.CONSUMER).value(), StandardCharsets.UTF_8)).isEqualTo("stats-streams");
            assertThat(new String(dead.getFirst().value(), StandardCharsets.UTF_8)).isEqualTo("this is no avro " + RUN);
        });
    }

    @Test
    void unknownMetricWindowOrDimensionIsAProblemNamingEachParameter() {
        StatsApi.Answer answer = firstApi.get("/v1/stats/median-handle-time?window=7m&dimension=galaxy", false);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.body().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("metric", "window", "dimension");
        assertThat(firstApi.get("/v1/stats/status-counts?dimension=galaxy", false).status()).isEqualTo(400);
        assertThat(firstApi.get("/v1/stats/sentiment?dimension=kind&value=galaxy", false).body().get("errors")
                .findValuesAsText("field")).containsExactly("value");
    }

    private static <V> List<ConsumerRecord<String, V>> tail(String bootstrap, Topic<String, V> topic) {
        return TopicTail.readFrom(bootstrap, topic, TOPICS_BEFORE.get(topic.name()));
    }

    /** A record that is not an event at all, on conversation-events among the real ones. */
    private static void deadLetterCandidate(String bootstrap) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), ("garbage-" + RUN).getBytes(StandardCharsets.UTF_8),
                    ("this is no avro " + RUN).getBytes(StandardCharsets.UTF_8)));
        }
    }
}
