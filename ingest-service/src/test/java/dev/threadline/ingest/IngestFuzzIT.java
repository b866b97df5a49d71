package dev.threadline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.TestInfrastructure;
import dev.threadline.localstack.TopicReader;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Generated bad input over every ingest route ({@link IngestRequests}), sent over HTTP to a real ingest service on
 * the real broker and PostgreSQL: no answer is a 5xx; every rejection is problem+json naming the field, parameter or
 * header at fault; a change the API allows is accepted; and after each property nothing of a rejected request is on
 * conversation-events or in the idempotency store ({@link PublishLedger}). The Kafka intake is fuzzed by
 * {@link IntakeFuzzIT}.
 *
 * <p>jqwik picks a new seed each run and prints it with any failure; {@code @Property(seed = "…")} replays one, and
 * the last failing seed is tried first on the next run (kept under target/).
 */
class IngestFuzzIT {

    private static Map<String, String> properties;
    private static EmbeddedServer server;
    private static TopicReader topic;

    private final PublishLedger ledger = new PublishLedger();

    @BeforeContainer
    static void startIngest() {
        properties = IngestTestSupport.properties("ingest_fuzz_it");
        Map<String, Object> settings = new HashMap<>(properties);
        settings.put("micronaut.environments", "test");
        settings.put("threadline.intake.enabled", "false");
        server = ApplicationContext.run(EmbeddedServer.class, settings);
        topic = new TopicReader(TestInfrastructure.shared().kafkaBootstrapServers());
    }

    @AfterContainer
    static void stopIngest() {
        topic.close();
        server.getApplicationContext().close();
    }

    @BeforeProperty
    void rememberWhereTheTopicEnds() {
        ledger.begin(topic);
    }

    @AfterProperty
    void nothingOfARejectedRequestWasPublishedOrStored() {
        ledger.assertNothingRejectedWasPublishedOrStored(topic, properties);
    }

    @Property(tries = 400)
    void aBodyWithOneFieldChangedIsAnsweredAsDocumented(@ForAll("bodyFields") FuzzRequest request) {
        check(request, IngestTestSupport.send(server.getURI(), request.method(), request.path(), request.contentType(), request.body(),
                request.headers().toArray(String[]::new)));
    }

    @Property(tries = 150)
    void aBatchItemWithOneFieldChangedIsRejectedAloneOrWithItsBatch(@ForAll("batchItems") FuzzRequest request) {
        check(request, IngestTestSupport.send(server.getURI(), request.method(), request.path(), request.contentType(), request.body()));
    }

    @Property(tries = 150)
    void aBodyOfTheWrongShapeMethodOrMediaTypeIsAProblem(@ForAll("shapes") FuzzRequest request) {
        check(request, IngestTestSupport.send(server.getURI(), request.method(), request.path(), request.contentType(), request.body(),
                request.headers().toArray(String[]::new)));
    }

    @Property(tries = 150)
    void aPathVariableThatIsNoIdIsNamed(@ForAll("pathVariables") FuzzRequest request) {
        check(request, IngestTestSupport.send(server.getURI(), request.method(), request.path(), request.contentType(), request.body()));
    }

    @Provide
    Arbitrary<FuzzRequest> bodyFields() {
        return IngestRequests.bodyFields();
    }

    @Provide
    Arbitrary<FuzzRequest> batchItems() {
        return IngestRequests.batchItems();
    }

    @Provide
    Arbitrary<FuzzRequest> shapes() {
        return IngestRequests.shapes();
    }

    @Provide
    Arbitrary<FuzzRequest> pathVariables() {
        return IngestRequests.pathVariables();
    }

    private void check(FuzzRequest request, HttpResponse<String> response) {
        String answer = "%s%n  answer: %d %s".formatted(request, response.statusCode(), response.body());
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
    private void record(FuzzRequest request, HttpResponse<String> response) {
        if (response.statusCode() != 202) {
            ledger.rejected(request.conversationId(), request.idempotencyKey());
            return;
        }
        Map<String, Object> body = IngestTestSupport.body(response);
        if (!body.containsKey("results")) {
            ledger.accepted((String) body.get("conversationId"), request.idempotencyKey());
            return;
        }
        for (Map<String, Object> result : results(response)) {
            if (Integer.valueOf(202).equals(result.get("status"))) {
                ledger.accepted((String) result.get("conversationId"), null);
            } else if (Integer.valueOf(0).equals(result.get("index"))) {
                ledger.rejected(request.conversationId(), null);
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
