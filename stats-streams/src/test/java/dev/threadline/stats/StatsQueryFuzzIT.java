package dev.threadline.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.FuzzRun;
import dev.threadline.testkit.Gen;
import dev.threadline.testkit.QueryValues.Value;
import dev.threadline.testkit.QueryValues;
import dev.threadline.testkit.TestHttp;
import dev.threadline.testkit.TestProperties;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated queries over every route of the stats-streams API, sent over HTTP to a real stats-streams instance on the
 * real broker once its streams run: no answer is a 5xx; every rejection is problem+json naming the parameter or path
 * part at fault; every valid query is answered 200 (404 for a conversation it has no metrics of). Unknown parameters
 * are ignored, as docs/api.md says.
 *
 * <p>Each run draws its queries from a new seed, which a failure names; {@code -Dfuzz.seed=<seed>} replays them and
 * {@code -Dfuzz.tries=<n>} sends n queries instead of 2500 ({@link FuzzRun}).
 */
class StatsQueryFuzzIT {

    /** An operator of the tenant acme, whose aggregates the valid queries ask for; another tenant's are 403. */
    private static final String OPS_TOKEN = DevelopmentTokens.mint(DevelopmentTokens.processSecret(), "fuzz-ops",
            List.of("ops"), "acme", Duration.ofHours(12));
    private static final TestHttp HTTP = TestHttp.withBearer(OPS_TOKEN);
    private static final List<String> METRICS = List.of("first-response-time", "resolution-time", "sentiment");
    private static final List<String> DIMENSIONS = List.of("all", "kind", "priority", "tenant");
    private static final String FROM = "2026-01-01T00:00:00Z";
    private static final String TO = "2026-02-01T00:00:00Z";
    private static final String ORDER = "an instant in range but not ";
    private static final String NO_GROUP = "a dimension whose groups acme is none of";

    private static EmbeddedServer server;

    /** A request and its documented answer; {@code field} is what a 400 must name. */
    record Query(String method, String target, int status, String field, String change) {

        @Override
        public String toString() {
            return "%s %s%n  change: %s%n  expected: %d%s".formatted(method, FuzzRun.readable(target), change, status,
                    field == null ? "" : " naming " + field);
        }
    }

    @BeforeAll
    static void startAndWaitUntilTheStreamsRun() throws Exception {
        Map<String, Object> settings = TestProperties.create().kafka()
                .with("threadline.stats.application-id", "stats-query-fuzz-" + UUID.randomUUID())
                .with("threadline.stats.state-dir", Files.createTempDirectory("stats-query-fuzz").toString())
                .testEnvironment().jwtSecret().objects();
        server = ApplicationContext.run(EmbeddedServer.class, settings);
        assertThat(Eventually.until(Duration.ofMinutes(2), Duration.ofMillis(200), () -> send("GET", "/health").statusCode(),
                status -> status == 200)).as("stats-streams running within 2 minutes").isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        server.getApplicationContext().close();
    }

    @Test
    void everyQueryIsAnsweredAsDocumentedAndNeverWithA5xx() {
        FuzzRun.of("StatsQueryFuzzIT queries", 2_500).check(queries(), StatsQueryFuzzIT::check);
    }

    @Test
    void aParameterGivenTwiceBytesThatAreNotUtf8AndAnOverlongUrlAreProblemsNamingTheirPart() {
        check(new Query("GET", "/v1/stats/sentiment?dimension=tenant&value=a&value=b", 400, "value", "value twice (was joined into \"a,b\")"));
        check(new Query("GET", "/v1/stats/sentiment?dimension=tenant&value=%FF", 400, "value", "value not UTF-8 (was read as U+FFFD)"));
        check(new Query("GET", "/v1/stats/conversations/%C0%AF", 400, "id", "an overlong '/' (was read as U+FFFD)"));
        check(new Query("GET", "/v1/stats/sentiment?from=" + "9".repeat(5_000), 414, null, "a URL over the request line limit (was 413)"));
    }

    private static Gen<Query> queries() {
        String windowed = "/v1/stats/resolution-time";
        Map<String, String> valid = Map.of("window", "1h", "dimension", "tenant", "value", "acme", "from", FROM, "to", TO);
        return Gen.oneOf(
                parameter(windowed, valid, "window", QueryValues.name(List.of("1h", "1d"))),
                // kind and priority take only their names as value, all only itself (or none), which acme is not: then value
                // is at fault
                parameter(windowed, valid, "dimension", QueryValues.name(DIMENSIONS).map(v -> v.valid() && (v.encoded().equals("kind")
                        || v.encoded().equals("priority") || v.encoded().equals("all")) ? new Value(v.encoded(), false, NO_GROUP) : v)),
                QueryValues.text(256).map(value -> {
                    Map<String, String> parameters = new HashMap<>(valid);
                    parameters.put("value", value.encoded());
                    boolean own = value.encoded().equals("acme");
                    return new Query("GET", target(windowed, parameters), !value.valid() ? 400 : own ? 200 : 403,
                            value.valid() ? null : "value", "value: " + value + (value.valid() && !own ? ", another tenant" : ""));
                }),
                parameter(windowed, valid, "from", QueryValues.instant().map(v -> ordered(v, false))),
                parameter(windowed, valid, "to", QueryValues.instant().map(v -> ordered(v, true))),
                parameter(windowed, Map.of("dimension", "kind"), "value", QueryValues.name(List.of("support", "direct", "group", "ai_chat",
                        "roleplay", "custom"))),
                parameter("/v1/stats/status-counts", Map.of("dimension", "priority"), "dimension", QueryValues.name(DIMENSIONS)),
                Gen.of(List.copyOf(valid.keySet())).map(name -> new Query("GET", target(windowed, valid) + "&" + name + "=" + valid.get(name),
                        400, name, name + " given twice")),
                Gen.of(METRICS).map(metric -> new Query("GET", target("/v1/stats/" + metric, valid) + "&unknown=1", 200, null,
                        "metric " + metric + " with an unknown parameter")),
                QueryValues.unknownName(valid.keySet()).map(name -> new Query("GET", target(windowed, valid) + "&" + name + "=1", 200, null,
                        "an unknown parameter named " + name)),
                QueryValues.text(200).filter(v -> !METRICS.contains(v.encoded()) && !v.encoded().equals("status-counts")
                                && !v.encoded().equals("conversations") && !v.encoded().matches("\\.*"))
                        .map(v -> new Query("GET", target("/v1/stats/" + v.encoded(), valid), 400, "metric", "metric " + v)),
                QueryValues.text(256).filter(v -> !v.encoded().matches("\\.*")).map(v -> new Query("GET", "/v1/stats/conversations/" + v.encoded(),
                        v.valid() ? 404 : 400, v.valid() ? null : "id", "conversation id " + v)),
                Gen.of("POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "FUZZ").map(method ->
                        new Query(method, "/v1/stats/status-counts", 405, null, method + " on a GET route")));
    }

    private static Gen<Query> parameter(String path, Map<String, String> valid, String name, Gen<Value> values) {
        return values.map(value -> {
            Map<String, String> parameters = new HashMap<>(valid);
            parameters.put(name, value.encoded());
            return new Query("GET", target(path, parameters), value.valid() ? 200 : 400,
                    value.valid() ? null : value.description().startsWith(ORDER) ? "from" : value.description().equals(NO_GROUP) ? "value" : name,
                    name + ": " + value);
        });
    }

    /** An instant in range that puts from after to is rejected too; the problem names from, whichever one moved. */
    private static Value ordered(Value value, boolean isTo) {
        if (!value.valid()) {
            return value;
        }
        Instant instant = Instant.parse(value.encoded());
        boolean inOrder = isTo ? !instant.isBefore(Instant.parse(FROM)) : !instant.isAfter(Instant.parse(TO));
        return inOrder ? value : new Value(value.encoded(), false, ORDER + (isTo ? "at or after from" : "at or before to"));
    }

    private static void check(Query query) {
        HttpResponse<String> answer = send(query.method(), query.target());
        String contentType = answer.headers().firstValue("Content-Type").orElse("");
        String shown = "%s%n  answer: %d %s %s".formatted(query, answer.statusCode(), contentType, FuzzRun.readable(answer.body()));
        assertThat(answer.statusCode()).as("no 5xx: " + shown).isLessThan(500);
        assertThat(answer.statusCode()).as(shown).isEqualTo(query.status());
        if (query.status() == 200) {
            assertThat(contentType).as(shown).isEqualTo("application/json");
            return;
        }
        assertThat(contentType).as(shown).isEqualTo("application/problem+json");
        Map<String, Object> problem = TestHttp.body(answer);
        assertThat(problem).as(shown).containsEntry("status", query.status());
        if (query.field() != null) {
            List<Map<String, Object>> errors = (List<Map<String, Object>>) problem.getOrDefault("errors", List.of());
            assertThat(errors).as(shown).extracting(error -> error.get("field")).contains(query.field());
        }
    }

    private static String target(String path, Map<String, String> parameters) {
        return path + "?" + String.join("&", parameters.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList());
    }

    private static HttpResponse<String> send(String method, String target) {
        return HTTP.send(server.getURI(), method, target, null, null);
    }
}
