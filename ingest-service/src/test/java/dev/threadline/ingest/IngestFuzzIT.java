package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.testkit.FuzzRun;
import dev.threadline.testkit.Gen;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestInfrastructure;
import dev.threadline.testkit.TestProperties;
import dev.threadline.testkit.TopicReader;
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

    private static final TestHttp HTTP = TestHttp.asService();

    private static Map<String, String> properties;
    private static EmbeddedServer server;
    private static TopicReader topic;

    private final PublishLedger ledger = new PublishLedger();

    @BeforeAll
    static void startIngest() {
        properties = TestProperties.service("ingest_fuzz_it");
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
        fuzz(FuzzRun.of("IngestFuzzIT body fields", 1_000), IngestRequests.bodyFields());
    }

    @Test
    void aBatchItemWithOneFieldChangedIsRejectedAloneOrWithItsBatch() {
        fuzz(FuzzRun.of("IngestFuzzIT batch items", 500), IngestRequests.batchItems());
    }

    @Test
    void aBodyOfTheWrongShapeMethodOrMediaTypeIsAProblem() {
        fuzz(FuzzRun.of("IngestFuzzIT shapes", 500), IngestRequests.shapes());
    }

    @Test
    void aPathVariableThatIsNoIdIsNamed() {
        fuzz(FuzzRun.of("IngestFuzzIT path variables", 300), IngestRequests.pathVariables());
    }

    /** Sends every request of the run, each checked as it is answered, then checks what reached Kafka and PostgreSQL. */
    private void fuzz(FuzzRun run, Gen<FuzzRequest> requests) {
        run.check(requests, request -> {
            HttpResponse<String> response = send(request);
            check(request, response);
            if (request.twice()) {
                sameAnswerAgain(request, response, send(request));
            }
        });
        ledger.assertEachAcknowledgedEventPublishedOnceAndNothingRejected(topic, properties, run);
    }

    private static HttpResponse<String> send(FuzzRequest request) {
        return HTTP.send(server.getURI(), request.method(), request.path(), request.contentType(), request.body(),
                request.headers().toArray(String[]::new));
    }

    /** A request sent again with its Idempotency-Key gets the first answer; a 202 says it is replayed (and publishes nothing). */
    private static void sameAnswerAgain(FuzzRequest request, HttpResponse<String> first, HttpResponse<String> again) {
        String answers = "first answer: %d %s%n  again: %d %s %s".formatted(first.statusCode(), FuzzRun.readable(first.body()),
                again.statusCode(), again.headers().map(), FuzzRun.readable(again.body()));
        assertThat(again.statusCode()).as(answers).isEqualTo(first.statusCode());
        if (first.statusCode() == 202) {
            assertThat(TestHttp.body(again)).as(answers).isEqualTo(TestHttp.body(first));
            assertThat(again.headers().firstValue("Idempotent-Replayed")).as(answers).hasValue("true");
        } else {
            TestHttp.assertProblem(again, first.statusCode());
        }
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
            // The item failed a rule of its own: it has its 400 in the results, and the valid items around it went ahead.
            List<Map<String, Object>> results = results(response);
            for (Map<String, Object> result : results) {
                assertThat(result.get("status")).as(answer).isEqualTo(result.get("index").equals(request.item()) ? 400 : 202);
            }
            assertThat(fields(results.get(request.item()))).as(answer)
                    .contains(expect.field().substring(("commands[" + request.item() + "].").length()));
        } else {
            assertThat(response.statusCode()).as(answer).isEqualTo(expect.status());
            List<Object> fields = TestHttp.assertProblem(response, expect.status());
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
        Map<String, Object> body = TestHttp.body(response);
        if (!body.containsKey("results")) {
            ledger.accepted((List<Map<String, Object>>) body.get("events"), request.idempotencyKey(), shown);
            return;
        }
        ledger.accepted(List.of(), request.idempotencyKey(), shown);
        for (Map<String, Object> result : results(response)) {
            if (Integer.valueOf(202).equals(result.get("status"))) {
                ledger.accepted((List<Map<String, Object>>) result.get("events"), null, shown + ", item " + result.get("index"));
            } else if (result.get("index").equals(request.item())) {
                ledger.rejected(request.conversationId(), null, shown + ", item " + request.item());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(HttpResponse<String> response) {
        return (List<Map<String, Object>>) TestHttp.body(response).get("results");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> fields(Map<String, Object> result) {
        return ((List<Map<String, Object>>) result.get("errors")).stream().map(error -> error.get("field")).toList();
    }
}
