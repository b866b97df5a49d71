package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.threadline.events.ConversationEvent;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TopicReader;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every command takes the caller's event time (issue "Data lifecycle"): over each HTTP route and in a batch, its
 * events carry the given {@code occurredAt} and ingest's own {@code ingestedAt}; times beyond the backdating limit are
 * refused unless the caller imports history (a service or admin token with the import role).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventTimeIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final String IMPORTER = "Bearer " + DevelopmentTokens.processToken("history-import", "service", "import");

    @Inject
    @Client("/")
    HttpClient http;

    private TopicReader topic;

    @Override
    public Map<String, String> getProperties() {
        TestInfrastructure infra = TestInfrastructure.shared();
        topic = new TopicReader(infra.kafkaBootstrapServers());
        return Map.of(
                "threadline.kafka.bootstrap-servers", infra.kafkaBootstrapServers(),
                "datasources.default.url", infra.newDatabase("ingest_event_time_it"),
                "datasources.default.username", infra.jdbcUser(),
                "datasources.default.password", infra.jdbcPassword(),
                "threadline.jwt.secret", DevelopmentTokens.processSecret());
    }

    @AfterAll
    void closeReader() {
        topic.close();
    }

    @Test
    void everyRouteStampsItsEventsWithTheCallersTime() {
        // Given a conversation started two days ago, and one time per later command, a minute apart
        Instant start = Instant.now().minus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            times.add(start.plus(i, ChronoUnit.MINUTES));
        }
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        // When every command is sent with its time
        List<ConversationEvent> events = new ArrayList<>();
        events.addAll(send(HttpRequest.POST("/v1/conversations", Map.of("id", id, "kind", "support",
                "participants", List.of(Map.of("userId", "customer-1", "role", "user")), "occurredAt", times.get(0).toString()))));
        events.addAll(send(HttpRequest.POST("/v1/conversations/" + id + "/messages", Map.of("id", messageId,
                "senderId", "customer-1", "senderRole", "user", "content", "Where is my parcel?", "occurredAt", times.get(1).toString()))));
        events.addAll(send(HttpRequest.POST("/v1/conversations/" + id + "/participants",
                Map.of("userId", "agent-1", "role", "agent", "occurredAt", times.get(2).toString()))));
        events.addAll(send(HttpRequest.POST("/v1/conversations/" + id + "/read",
                Map.of("userId", "agent-1", "upToSeq", 1, "occurredAt", times.get(3).toString()))));
        events.addAll(send(HttpRequest.PUT("/v1/conversations/" + id + "/flags",
                Map.of("userId", "agent-1", "pinned", true, "occurredAt", times.get(4).toString()))));
        events.addAll(send(HttpRequest.PATCH("/v1/conversations/" + id + "/messages/" + messageId,
                Map.of("content", "Where is my parcel, please?", "occurredAt", times.get(5).toString()))));
        events.addAll(send(HttpRequest.PATCH("/v1/conversations/" + id,
                Map.of("status", "resolved", "priority", "high", "title", "Parcel", "occurredAt", times.get(6).toString()))));
        events.addAll(send(HttpRequest.DELETE("/v1/conversations/" + id + "/messages/" + messageId + "?occurredAt=" + times.get(7))));
        // (an offset's "+" is percent-encoded in a query, as any "+" that is not a space)
        events.addAll(send(HttpRequest.DELETE("/v1/conversations/" + id + "/participants/agent-1?occurredAt="
                + URLEncoder.encode(times.get(8).atOffset(ZoneOffset.ofHours(2)).toString(), StandardCharsets.UTF_8))));
        events.addAll(send(HttpRequest.DELETE("/v1/conversations/" + id + "?occurredAt=" + times.get(9))));

        // Then each event carries its command's time (the three of the PATCH the same), and ingest's own time
        assertThat(events).extracting(ConversationEvent::getOccurredAt).containsExactly(times.get(0), times.get(1),
                times.get(2), times.get(3), times.get(4), times.get(5), times.get(6), times.get(6), times.get(6),
                times.get(7), times.get(8), times.get(9));
        assertThat(events).allSatisfy(event -> assertThat(event.getIngestedAt()).isBetween(before, Instant.now()));
    }

    @Test
    void batchItemsWithoutABodyTakeTheirTimeBesideTheirFields() {
        Instant at = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        String id = UUID.randomUUID().toString();
        var body = Map.of("commands", List.of(
                Map.of("type", "startConversation", "conversation", Map.of("id", id, "kind", "group", "occurredAt", at.toString())),
                Map.of("type", "removeParticipant", "conversationId", id, "userId", "u-1", "occurredAt", at.plusSeconds(1).toString()),
                Map.of("type", "deleteConversation", "conversationId", id, "reason", "spam", "occurredAt", at.plusSeconds(2).toString())));

        HttpResponse<Map> response = http.toBlocking().exchange(HttpRequest.POST("/v1/batch", body), Map.class);

        List<Map<String, Object>> results = (List<Map<String, Object>>) response.body().get("results");
        List<Instant> times = results.stream()
                .flatMap(result -> ((List<Map<String, Object>>) result.get("events")).stream())
                .map(receipt -> recordAt(receipt).value().getOccurredAt()).toList();
        assertThat(times).containsExactly(at, at.plusSeconds(1), at.plusSeconds(2));
    }

    @Test
    void aStartTakesItsFirstMessagesTimeAndAFirstMessageItsStartsTime() {
        Instant written = Instant.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        Map<String, Object> message = Map.of("senderId", "c-1", "senderRole", "user", "content", "Hello");

        // A start without a time of its own starts when its first message was written
        List<ConversationEvent> fromMessage = send(HttpRequest.POST("/v1/conversations", Map.of("kind", "support",
                "firstMessage", with(message, "occurredAt", written.toString()))));
        // A first message without a time of its own was written when the conversation started
        List<ConversationEvent> fromStart = send(HttpRequest.POST("/v1/conversations", Map.of("kind", "support",
                "occurredAt", written.toString(), "firstMessage", message)));

        assertThat(fromMessage).extracting(ConversationEvent::getOccurredAt).containsExactly(written, written);
        assertThat(fromStart).extracting(ConversationEvent::getOccurredAt).containsExactly(written, written);
    }

    @Test
    void aFirstMessageEarlierThanItsStartOrAParticipantWithATimeOfItsOwnIsRefused() {
        Instant start = Instant.now().minus(1, ChronoUnit.HOURS);
        var body = Map.of("kind", "support", "occurredAt", start.toString(),
                "participants", List.of(Map.of("userId", "u-1", "role", "user", "occurredAt", start.toString())),
                "firstMessage", Map.of("senderRole", "user", "content", "hi", "occurredAt", start.minusSeconds(1).toString()));

        assertThat(fieldsOf(refused(HttpRequest.POST("/v1/conversations", body), null)))
                .containsExactly("firstMessage.occurredAt", "participants[0].occurredAt");
    }

    @Test
    void aTimeBeyondTheBackdatingLimitIsRefusedUnlessTheCallerImports() {
        String id = UUID.randomUUID().toString();
        Instant longAgo = Instant.parse("2019-03-04T05:06:07.089Z");
        var topicBefore = topic.endOffsets(Topics.CONVERSATION_EVENTS);

        // A service (the tests' default caller) stays within 30 days, as does a user with the import role
        var problem = refused(resolve(id, longAgo), null);
        assertThat(fieldsOf(problem)).containsExactly("occurredAt");
        assertThat(problem.toString()).contains("in the past", "import role");
        var post = HttpRequest.POST("/v1/conversations/" + id + "/messages",
                Map.of("senderId", "c-9", "senderRole", "user", "content", "old", "occurredAt", longAgo.toString()));
        assertThat(fieldsOf(refused(post, "Bearer " + DevelopmentTokens.processToken("c-9", "user", "import"))))
                .containsExactly("occurredAt");
        // The import role alone sends nothing
        MutableHttpRequest<?> importOnly = authorised(HttpRequest.PATCH("/v1/conversations/" + id, Map.of("status", "open")),
                "Bearer " + DevelopmentTokens.processToken("importer", "import"));
        assertThat(catchThrowableOfType(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(importOnly, Map.class)).getStatus().getCode()).isEqualTo(403);
        assertThat(topic.readSince(Topics.CONVERSATION_EVENTS, topicBefore, Duration.ofSeconds(3)))
                .noneMatch(record -> id.equals(record.key()));

        // An importing service sends the same commands, and the events keep their years-old time
        List<ConversationEvent> imported = new ArrayList<>(send(authorised(resolve(id, longAgo), IMPORTER)));
        imported.addAll(send(authorised(HttpRequest.DELETE("/v1/conversations/" + id + "?occurredAt=" + longAgo.plusSeconds(60)), IMPORTER)));
        assertThat(imported).extracting(ConversationEvent::getOccurredAt).containsExactly(longAgo, longAgo.plusSeconds(60));

        // But not before 1970, nor in the future beyond the clock skew
        var ancient = HttpRequest.PATCH("/v1/conversations/" + id, Map.of("status", "open", "occurredAt", "1969-12-31T23:59:59Z"));
        assertThat(refused(ancient, IMPORTER).toString()).contains("must not be before 1970-01-01T00:00:00Z");
        var future = HttpRequest.PUT("/v1/conversations/" + id + "/flags",
                Map.of("userId", "u", "muted", true, "occurredAt", Instant.now().plus(1, ChronoUnit.HOURS).toString()));
        assertThat(refused(future, IMPORTER).toString()).contains("in the future");
    }

    @Test
    void aDeleteWithATimeThatIsNoTimeIsAProblem() {
        var problem = refused(HttpRequest.DELETE("/v1/conversations/" + UUID.randomUUID() + "?occurredAt=yesterday"), null);

        assertThat(fieldsOf(problem)).containsExactly("occurredAt");
        assertThat(problem.toString()).contains("ISO-8601");
    }

    /** A new request each time: a request that was sent carries the Authorization header it was sent with. */
    private static MutableHttpRequest<?> resolve(String id, Instant at) {
        return HttpRequest.PATCH("/v1/conversations/" + id, Map.of("status", "resolved", "occurredAt", at.toString()));
    }

    private List<ConversationEvent> send(MutableHttpRequest<?> request) {
        HttpResponse<Map> response = http.toBlocking().exchange(request, Map.class);
        assertThat(response.code()).isEqualTo(202);
        return ((List<Map<String, Object>>) response.body().get("events")).stream().map(r -> recordAt(r).value()).toList();
    }

    private Map<?, ?> refused(MutableHttpRequest<?> request, String authorization) {
        MutableHttpRequest<?> sent = authorization == null ? request : authorised(request, authorization);
        var rejected = catchThrowableOfType(HttpClientResponseException.class, () -> http.toBlocking().exchange(sent, Map.class));
        assertThat(rejected).as("a refusal of %s", request.getPath()).isNotNull();
        assertThat(rejected.getResponse().code()).isEqualTo(400);
        assertThat(rejected.getResponse().getContentType()).hasValueSatisfying(t -> assertThat(t.toString()).isEqualTo("application/problem+json"));
        return rejected.getResponse().getBody(Map.class).orElseThrow();
    }

    private static MutableHttpRequest<?> authorised(MutableHttpRequest<?> request, String authorization) {
        return request.header("Authorization", authorization);
    }

    private static List<Object> fieldsOf(Map<?, ?> problem) {
        return ((List<Map<String, Object>>) problem.get("errors")).stream().map(e -> e.get("field")).toList();
    }

    private static Map<String, Object> with(Map<String, Object> map, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }

    private ConsumerRecord<String, ConversationEvent> recordAt(Map<String, Object> receipt) {
        int partition = ((Number) receipt.get("partition")).intValue();
        long offset = ((Number) receipt.get("offset")).longValue();
        return topic.read(Topics.CONVERSATION_EVENTS, partition, offset, WAIT)
                .orElseThrow(() -> new AssertionError("No record at " + partition + "/" + offset));
    }
}
