package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.FuzzRun;
import dev.threadline.localstack.Gen;
import dev.threadline.localstack.TestInfrastructure;
import dev.threadline.localstack.TopicReader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Generated bad input over every ingest route ({@link IngestRequests}), sent over HTTP to a real ingest service on
 * the real broker and PostgreSQL: no answer is a 5xx; every rejection is problem+json naming the field, parameter or
 * header at fault; a change the API allows is accepted; and after each test every event a 202 acknowledged is on
 * conversation-events exactly once, nothing else is, and no rejected request's Idempotency-Key is stored
 * ({@link PublishLedger}). The Kafka intake is fuzzed by {@link IntakeFuzzIT}.
 *
 * <p>Each run draws its requests from a new seed, which a failure names; {@code -Dfuzz.seed=<seed>} replays them and
 * {@code -Dfuzz.tries=<n>} sends n requests per test instead of its default ({@link FuzzRun}).
 */
class IngestFuzzIT {

    private static Map<String, String> properties;
    private static EmbeddedServer server;
    private static TopicReader topic;

    private final PublishLedger ledger = new PublishLedger();

    @BeforeAll
    static void startIngest() {
        properties = IngestTestSupport.properties("ingest_fuzz_it");
        Map<String, Object> settings = new HashMap<>(properties);
        settings.put("micronaut.environments", "test");
        settings.put("threadline.intake.enabled", "false");
        server = ApplicationContext.run(EmbeddedServer.class, settings);
        topic = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());
    }

    @AfterAll
    static void stopIngest() {
        topic.close();
        server.getApplicationContext().close();
    }

    @BeforeEach
    void rememberWhereTheTopicEnds() {
        ledger.begin(topic);
    }

    @Test
    void aBodyWithOneFieldChangedIsAnsweredAsDocumented() {
        fuzz(FuzzRun.of("IngestFuzzIT body fields", 400), IngestRequests.bodyFields());
    }

    @Test
    void aBatchItemWithOneFieldChangedIsRejectedAloneOrWithItsBatch() {
        fuzz(FuzzRun.of("IngestFuzzIT batch items", 150), IngestRequests.batchItems());
    }

    @Test
    void aBodyOfTheWrongShapeMethodOrMediaTypeIsAProblem() {
        fuzz(FuzzRun.of("IngestFuzzIT shapes", 150), IngestRequests.shapes());
    }

    @Test
    void aPathVariableThatIsNoIdIsNamed() {
        fuzz(FuzzRun.of("IngestFuzzIT path variables", 150), IngestRequests.pathVariables());
    }

    /** Sends every request of the run, each checked as it is answered, then checks what reached Kafka and PostgreSQL. */
    private void fuzz(FuzzRun run, Gen<FuzzRequest> requests) {
        run.check(requests, request -> check(request, IngestTestSupport.send(server.getURI(), request.method(), request.path(),
                request.contentType(), request.body(), request.headers().toArray(String[]::new))));
        ledger.assertEachAcknowledgedEventPublishedOnceAndNothingRejected(topic, properties, run);
    }

    private void check(FuzzRequest request, HttpResponse<String> response) {
        String answer = "answer: %d %s".formatted(response.statusCode(), FuzzRun.readable(response.body()));
        record(request, response);
        assertThat(response.statusCode()).as("no 5xx: " + answer).isLessThan(500);
        Expect expect = request.expect();
        if (expect.isAccepted()) {
            assertThat(response.statusCode()).as(answer).isEqualTo(202);
            if (request.batch()) {
                assertThat(results(response)).as(answer).extracting(result -> result.get("status")).containsOnly(202);
            }
        } else if (request.batch() && response.statusCode() == 202) {
            // The item failed a rule of its own: it has its 400 in the results, and the valid item after it went ahead.
            List<Map<String, Object>> results = results(response);
            assertThat(results.get(0).get("status")).as(answer).isEqualTo(400);
            assertThat(fields(results.get(0))).as(answer).contains(expect.field().substring("commands[0].".length()));
            assertThat(results.get(1).get("status")).as(answer).isEqualTo(202);
        } else {
            assertThat(response.statusCode()).as(answer).isEqualTo(expect.status());
            List<Object> fields = IngestTestSupport.assertProblem(response, expect.status());
            if (!expect.anyField()) {
                assertThat(fields).as(answer).contains(expect.field());
            }
        }
    }

    /** What the answer says was published, and the request's marker and key if nothing of it was. */
    @SuppressWarnings("unchecked")
    private void record(FuzzRequest request, HttpResponse<String> response) {
        String shown = request.method() + " " + FuzzRun.readable(request.path()) + " (" + request.mutation() + ")";
        if (response.statusCode() != 202) {
            ledger.rejected(request.conversationId(), request.idempotencyKey(), shown);
            return;
        }
        Map<String, Object> body = IngestTestSupport.body(response);
        if (!body.containsKey("results")) {
            ledger.accepted((List<Map<String, Object>>) body.get("events"), request.idempotencyKey(), shown);
            return;
        }
        for (Map<String, Object> result : results(response)) {
            if (Integer.valueOf(202).equals(result.get("status"))) {
                ledger.accepted((List<Map<String, Object>>) result.get("events"), null, shown + ", item " + result.get("index"));
            } else if (Integer.valueOf(0).equals(result.get("index"))) {
                ledger.rejected(request.conversationId(), null, shown + ", item 0");
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(HttpResponse<String> response) {
        return (List<Map<String, Object>>) IngestTestSupport.body(response).get("results");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> fields(Map<String, Object> result) {
        return ((List<Map<String, Object>>) result.get("errors")).stream().map(error -> error.get("field")).toList();
    }
}
