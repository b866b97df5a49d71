package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestProperties;
import dev.threadline.testkit.TopicReader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The broker of the ingest service fails under it, on a broker of the test's own. It crashes (kill -9)
 * under a steady stream of commands and comes back 12 s later on the same ports and data: callers
 * get 503 within the publish timeout while it is away, readiness says so, 202s resume by themselves
 * soon after it is back, and every acknowledged event is on conversation-events exactly once; the Kafka intake,
 * fed all along, executes every command the broker acknowledged exactly once. It
 * freezes (SIGSTOP) under a keyed command: the command is refused in time, whatever became of its
 * transaction, and its retry with the same key publishes it exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerOutageIT {

    private static final TestHttp HTTP = TestHttp.asService();

    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration SLACK = Duration.ofMillis(1500);
    private static final Duration RESUMED_WITHIN = Duration.ofSeconds(10);

    private OwnBroker broker;
    private EmbeddedServer server;

    /** One POST as the caller saw it. */
    private record Call(String conversationId, Instant sent, Instant answered, int status, String detail, List<String> eventIds) {
        Duration took() {
            return Duration.between(sent, answered);
        }
    }

    /** One readiness probe. */
    private record Probe(Instant at, int status) {
    }

    @BeforeAll
    void start() {
        broker = OwnBroker.start();
        Map<String, Object> settings = new HashMap<>(TestProperties.service("ingest_broker_outage_it"));
        settings.put("threadline.kafka.bootstrap-servers", broker.bootstrapServers());
        settings.put("threadline.kafka.publish-timeout", PUBLISH_TIMEOUT.toMillis() + "ms");
        settings.put("threadline.kafka.delivery-timeout", "2s");
        settings.put("threadline.kafka.max-block", "1s");
        settings.put("threadline.kafka.transaction-timeout", "10s");
        settings.put("threadline.idempotency.lease", "20s");
        settings.put("threadline.intake.retry-backoff", "500ms");
        settings.put("micronaut.environments", "test");
        server = ApplicationContext.run(EmbeddedServer.class, settings);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.getApplicationContext().close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void afterABrokerCrashCallersGetTimely503sAndAcceptedEventsArePublishedExactlyOnce() throws Exception {
        URI base = server.getURI();
        List<Call> calls = Collections.synchronizedList(new ArrayList<>());
        List<Probe> probes = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean running = new AtomicBoolean(true);
        try (ExecutorService load = Executors.newVirtualThreadPerTaskExecutor()) {
            // Given a steady stream of messages from 8 callers, and readiness probed every 200 ms
            for (int caller = 0; caller < 8; caller++) {
                load.submit(() -> post(base, running, calls));
            }
            load.submit(() -> probe(base, running, probes));
            // And a producer feeding the Kafka intake with one command per new conversation
            Set<String> intakeAcknowledged = ConcurrentHashMap.newKeySet();
            load.submit(() -> feedIntake(running, intakeAcknowledged));
            awaitAccepted(calls, Instant.now(), Duration.ofSeconds(20));

            // When the broker is killed, stays away 12 s and comes back on the same ports and data
            Instant killed = Instant.now();
            broker.kill();
            Thread.sleep(12_000);
            broker.restart();
            Instant back = Instant.now();
            awaitAccepted(calls, back, RESUMED_WITHIN.plusSeconds(5));
            Thread.sleep(2_000);
            running.set(false);
            load.shutdown();
            assertThat(load.awaitTermination(PUBLISH_TIMEOUT.plus(SLACK).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS)).isTrue();

            // Then every answer was a 202 or a 503, and every 503 came within the publish timeout
            List<Call> all = List.copyOf(calls);
            System.out.printf("BrokerOutageIT: %d calls, %d accepted, %d refused (%d of unknown outcome), slowest 503 %d ms,"
                            + " first 202 %d ms after the broker was back%n",
                    all.size(), all.stream().filter(call -> call.status() == 202).count(), all.stream().filter(call -> call.status() == 503).count(),
                    all.stream().filter(call -> call.status() == 503 && !call.detail().contains("nothing was published")).count(),
                    all.stream().filter(call -> call.status() == 503).mapToLong(call -> call.took().toMillis()).max().orElse(0),
                    all.stream().filter(call -> call.status() == 202 && call.answered().isAfter(back))
                            .mapToLong(call -> Duration.between(back, call.answered()).toMillis()).min().orElse(-1));
            assertThat(all).extracting(Call::status).containsOnly(202, 503);
            assertThat(all).filteredOn(call -> call.status() == 503).isNotEmpty()
                    .allSatisfy(call -> assertThat(call.took()).isLessThanOrEqualTo(PUBLISH_TIMEOUT.plus(SLACK)));
            // And readiness was DOWN while the broker was away and UP at the end
            assertThat(probes).anySatisfy(probe -> {
                assertThat(probe.at()).isAfter(killed).isBefore(back);
                assertThat(probe.status()).isEqualTo(503);
            });
            assertThat(probes.getLast().status()).isEqualTo(200);
            // And 202s resumed within 10 s of the broker answering again
            Instant firstAcceptedAfter = all.stream().filter(call -> call.status() == 202 && call.answered().isAfter(back))
                    .map(Call::answered).min(Instant::compareTo).orElseThrow();
            assertThat(Duration.between(back, firstAcceptedAfter)).isLessThanOrEqualTo(RESUMED_WITHIN);
            // And every acknowledged event is on conversation-events exactly once
            Set<String> acknowledged = all.stream().filter(call -> call.status() == 202)
                    .flatMap(call -> call.eventIds().stream()).collect(Collectors.toSet());
            List<ConversationEvent> published = published();
            assertThat(counts(published, acknowledged)).containsOnlyKeys(acknowledged).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
            // And a refused call said to be unpublished is not on the topic; one of unknown outcome is there at most once
            Map<String, Long> perConversation = published.stream()
                    .collect(Collectors.groupingBy(ConversationEvent::getConversationId, Collectors.counting()));
            assertThat(all).filteredOn(call -> call.status() == 503).allSatisfy(call -> assertThat(perConversation.getOrDefault(call.conversationId(), 0L))
                    .as(call.detail()).isLessThanOrEqualTo(call.detail().contains("nothing was published") ? 0L : 1L));

            // And the intake executed every command the broker acknowledged, each exactly once (one event per command)
            System.out.printf("BrokerOutageIT: %d intake commands acknowledged by the broker%n", intakeAcknowledged.size());
            assertThat(intakeAcknowledged).isNotEmpty();
            Map<String, Long> executed = awaitEvents(intakeAcknowledged, Duration.ofSeconds(60));
            assertThat(executed).containsOnlyKeys(intakeAcknowledged).allSatisfy((conversationId, count) -> assertThat(count).as(conversationId).isEqualTo(1L));
        }
    }

    @Test
    void keyedCommandRefusedWhileTheBrokerIsFrozenIsPublishedOnceWhenRetried() throws Exception {
        URI base = server.getURI();
        String path = "/v1/conversations/" + UUID.randomUUID() + "/messages";
        String message = "{\"senderRole\": \"user\", \"content\": \"exactly once, please\"}";
        String key = "frozen-" + UUID.randomUUID();
        awaitStatus(() -> HTTP.json(base, "POST", "/v1/conversations/" + UUID.randomUUID() + "/messages", message), 202);

        // Given a keyed command sent while the broker answers nothing
        HttpResponse<String> refused;
        Instant sent = Instant.now();
        broker.freeze();
        try {
            refused = HTTP.json(base, "POST", path, message, "Idempotency-Key", key);
        } finally {
            broker.thaw();
        }

        // Then it was refused within the publish timeout, as a problem with Retry-After
        assertThat(Duration.between(sent, Instant.now())).isLessThanOrEqualTo(PUBLISH_TIMEOUT.plus(SLACK));
        TestHttp.assertProblem(refused, 503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();

        // When it is retried with the same key once the broker answers again
        HttpResponse<String> accepted = awaitStatus(() -> HTTP.json(base, "POST", path, message, "Idempotency-Key", key), 202);

        // Then its event is on conversation-events exactly once
        Set<String> eventIds = Set.copyOf(eventIds(accepted));
        assertThat(counts(published(), eventIds)).containsOnlyKeys(eventIds).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
    }

    /** Repeats the request (503 and 409 are expected while the outcome settles) until it gets {@code status}. */
    private static HttpResponse<String> awaitStatus(Supplier<HttpResponse<String>> request, int status)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        HttpResponse<String> response = request.get();
        while (response.statusCode() != status && Instant.now().isBefore(deadline)) {
            assertThat(response.statusCode()).as(response.body()).isIn(409, 503);
            Thread.sleep(500);
            response = request.get();
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    private static void post(URI base, AtomicBoolean running, List<Call> calls) {
        while (running.get()) {
            String conversationId = UUID.randomUUID().toString();
            Instant sent = Instant.now();
            HttpResponse<String> response = HTTP.json(base, "POST", "/v1/conversations/" + conversationId + "/messages",
                    "{\"senderRole\": \"user\", \"content\": \"still there?\"}");
            Instant answered = Instant.now();
            boolean accepted = response.statusCode() == 202;
            calls.add(new Call(conversationId, sent, answered, response.statusCode(),
                    accepted ? null : String.valueOf(TestHttp.body(response).get("detail")),
                    accepted ? eventIds(response) : List.of()));
            if (response.statusCode() != 202) {
                pause(100);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> eventIds(HttpResponse<String> response) {
        List<Map<String, Object>> events = (List<Map<String, Object>>) TestHttp.body(response).get("events");
        return events.stream().map(event -> (String) event.get("eventId")).toList();
    }

    private static void probe(URI base, AtomicBoolean running, List<Probe> probes) {
        while (running.get()) {
            HttpResponse<String> response = HTTP.send(base, "GET", "/health/readiness", null, null);
            probes.add(new Probe(Instant.now(), response.statusCode()));
            pause(200);
        }
    }

    private static void awaitAccepted(List<Call> calls, Instant after, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            synchronized (calls) {
                if (calls.stream().anyMatch(call -> call.status() == 202 && call.answered().isAfter(after))) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("No 202 within " + timeout + " after " + after);
    }

    /**
     * Produces one valid command per new conversation to the intake until told to stop, as an upstream service with
     * an idempotent producer would, and keeps the conversation ids of the commands the broker acknowledged.
     */
    private void feedIntake(AtomicBoolean running, Set<String> acknowledged) {
        var topic = Topics.CONVERSATION_COMMANDS;
        Map<String, Object> settings = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2000,
                ProducerConfig.LINGER_MS_CONFIG, 0);
        try (var producer = new KafkaProducer<>(settings, topic.keySerde().serializer(), topic.valueSerde().serializer())) {
            while (running.get()) {
                String conversationId = UUID.randomUUID().toString();
                try {
                    producer.send(new ProducerRecord<>(topic.name(), conversationId, IntakeRecords.valid(conversationId))).get();
                    acknowledged.add(conversationId);
                    pause(20);
                } catch (ExecutionException | RuntimeException e) {
                    pause(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** How many events each conversation has once all of them have at least one, or the timeout passed. */
    private Map<String, Long> awaitEvents(Set<String> conversationIds, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, Long> counts;
        do {
            counts = published().stream().map(ConversationEvent::getConversationId).filter(conversationIds::contains)
                    .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            if (counts.size() < conversationIds.size()) {
                Thread.sleep(1000);
            }
        } while (counts.size() < conversationIds.size() && Instant.now().isBefore(deadline));
        return counts;
    }

    /** Every event on conversation-events, read back to the end with a read_committed consumer. */
    private List<ConversationEvent> published() {
        try (TopicReader reader = new TopicReader(broker.bootstrapServers())) {
            return reader.readAll(Topics.CONVERSATION_EVENTS, record -> true, Integer.MAX_VALUE, Duration.ofSeconds(5)).stream()
                    .map(ConsumerRecord::value).toList();
        }
    }

    /** How often each of the event ids is in {@code events}. */
    private static Map<String, Long> counts(List<ConversationEvent> events, Set<String> eventIds) {
        return events.stream().map(ConversationEvent::getEventId).filter(eventIds::contains)
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
