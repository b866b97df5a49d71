package dev.threadline.stats.security;

import static dev.threadline.testkit.ConversationEvents.newId;
import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.ConversationEvents.withTenant;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.HealthAccess;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's tenant scoping of stats-streams, over HTTP against a real instance fed through the broker: two tenants'
 * support conversations (first responses after 60 s in acme, 120 s in globex) and their aggregates as each tenant's
 * operators, the default tenant's and another tenant's see them. No answer mixes tenants or shows another tenant's.
 */
class StatsTenantIT {

    private static final String SECRET = DevelopmentTokens.processSecret();
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String ACME = "acme-" + RUN;
    private static final String GLOBEX = "globex-" + RUN;
    private static final String ACME_CONVERSATION = UUID.randomUUID().toString();
    private static final String GLOBEX_CONVERSATION = UUID.randomUUID().toString();
    private static final Instant AT = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(10, ChronoUnit.MINUTES);

    private static EmbeddedServer server;

    @BeforeAll
    static void twoTenantsConversations() throws Exception {
        server = ApplicationContext.run(EmbeddedServer.class, TestProperties.create().jwtSecret().kafka()
                .with("threadline.stats.application-id", "stats-tenant-" + UUID.randomUUID())
                .with("threadline.stats.state-dir", Files.createTempDirectory("stats-tenant").toString())
                .with("micronaut.server.port", -1)
                .testEnvironment().objects());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            send(producer, supportConversation(ACME_CONVERSATION, ACME, Duration.ofSeconds(60)));
            send(producer, supportConversation(GLOBEX_CONVERSATION, GLOBEX, Duration.ofSeconds(120)));
        }
    }

    @AfterAll
    static void stop() {
        server.getApplicationContext().close();
    }

    @Test
    void aTenantsOperatorsReadTheirTenantsAggregatesOnly() {
        String acme = token(ACME);
        // all of a tenant is the tenant; its kind and priority groups hold its conversations only
        assertThat(firstResponses(acme, "all", null)).isEqualTo(List.of(1L, 60_000L));
        assertThat(firstResponses(acme, "kind", "support")).isEqualTo(List.of(1L, 60_000L));
        assertThat(firstResponses(acme, "priority", "high")).isEqualTo(List.of(1L, 60_000L));
        assertThat(firstResponses(acme, "tenant", ACME)).isEqualTo(List.of(1L, 60_000L));
        assertThat(firstResponses(token(GLOBEX), "kind", "support")).isEqualTo(List.of(1L, 120_000L));

        JsonNode counts = eventually(() -> ok(get("/v1/stats/status-counts?dimension=kind", acme)),
                body -> body.get("groups").size() == 1);
        assertThat(counts.get("groups").get(0).get("value").asText()).isEqualTo("support");
        assertThat(counts.get("groups").get(0).get("open").asLong()).isEqualTo(1);
        assertThat(values(get("/v1/stats/status-counts?dimension=tenant", acme))).containsExactly(ACME);
        assertThat(values(get("/v1/stats/status-counts?dimension=all", acme))).containsExactly("all");
        assertThat(get("/v1/stats/conversations/" + ACME_CONVERSATION, acme).statusCode()).isEqualTo(200);
    }

    @Test
    void anotherTenantsAggregatesAndConversationsAreRefused() {
        String acme = token(ACME);
        firstResponses(token(GLOBEX), "all", null);
        HttpResponse<String> otherTenant = get(windows("tenant", GLOBEX), acme);
        assertThat(otherTenant.statusCode()).isEqualTo(403);
        assertThat(otherTenant.body()).contains("reads only its own tenant's aggregates").doesNotContain("120000");
        assertThat(get("/v1/stats/conversations/" + GLOBEX_CONVERSATION, acme).statusCode()).isEqualTo(404);

        // The default tenant's operators see neither tenant
        String defaultTenant = token(null);
        assertThat(get(windows("tenant", ACME), defaultTenant).statusCode()).isEqualTo(403);
        assertThat(values(get("/v1/stats/status-counts?dimension=tenant", defaultTenant))).isEmpty();
        assertThat(get("/v1/stats/conversations/" + ACME_CONVERSATION, defaultTenant).statusCode()).isEqualTo(404);
    }

    /** [count, sum] of the first-response windows around the conversations, once the instance has them. */
    private static List<Long> firstResponses(String token, String dimension, String value) {
        JsonNode body = eventually(() -> ok(get(windows(dimension, value), token)), b -> b.get("windows").size() > 0);
        long count = 0;
        double sum = 0;
        for (JsonNode window : body.get("windows")) {
            count += window.get("count").asLong();
            sum += window.get("sum").asDouble();
        }
        return List.of(count, (long) sum);
    }

    private static String windows(String dimension, String value) {
        return "/v1/stats/first-response-time?window=1h&from=" + AT.minus(2, ChronoUnit.HOURS) + "&to=" + AT.plus(2, ChronoUnit.HOURS)
                + "&dimension=" + dimension + (value == null ? "" : "&value=" + value);
    }

    private static List<ConversationEvent> supportConversation(String id, String tenant, Duration firstResponse) {
        return Stream.of(
                started(id, AT, "customer-1", ConversationStarted.newBuilder()
                        .setKind(ConversationKind.support).setPriority(Priority.high).setStatus(ConversationStatus.open).build()),
                posted(id, newId(), "customer-1", Role.user, "Where is my parcel?", AT, null),
                posted(id, newId(), "agent-1", Role.agent, "Where is my parcel?", AT.plus(firstResponse), null))
                .map(event -> withTenant(event, tenant)).toList();
    }

    private static void send(KafkaProducer<String, byte[]> producer, List<ConversationEvent> events) {
        for (ConversationEvent event : events) {
            producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), event.getConversationId(),
                    Topics.CONVERSATION_EVENTS.valueSerde().serializer().serialize(Topics.CONVERSATION_EVENTS.name(), event)));
        }
        producer.flush();
    }

    private static List<String> values(HttpResponse<String> answer) {
        List<String> values = new ArrayList<>();
        ok(answer).get("groups").forEach(group -> values.add(group.get("value").asText()));
        return values;
    }

    private static JsonNode ok(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return TestHttp.tree(answer);
    }

    /** Polls until {@code done} holds (the instance starts and catches up with the topic), for up to two minutes. */
    private static JsonNode eventually(Supplier<JsonNode> probe, Predicate<JsonNode> done) {
        return Eventually.until(Duration.ofMinutes(2), Duration.ofMillis(250), probe, done);
    }

    private static String token(String tenant) {
        return DevelopmentTokens.mint(SECRET, "ops-1", List.of("ops"), tenant, Duration.ofHours(1));
    }

    private static HttpResponse<String> get(String target, String token) {
        return HealthAccess.get(server.getURI(), target, token);
    }
}
