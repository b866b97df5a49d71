package dev.threadline.e2e.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.threadline.testkit.Eventually;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Compares what a stats-streams instance answers with {@link StatsReference}. */
public final class StatsChecks {

    static final double RELATIVE_ACCURACY = 0.01;
    private static final double[] QUANTILES = {0.5, 0.9, 0.99};
    private static final List<String> DIMENSIONS = List.of("all", "kind", "priority", "tenant");

    private StatsChecks() {
    }

    /** How often a check that has not passed yet is tried again ({@code Eventually.untilPasses}). */
    public static final Duration RETRY = Duration.ofMillis(300);

    public static void conversationsMatch(StatsApi api, StatsReference reference, Collection<String> ids) {
        for (String id : ids) {
            StatsReference.Conversation expected = reference.conversations.get(id);
            StatsApi.Answer answer = api.conversation(id, expected.tenant);
            if (expected.deleted) {
                assertThat(answer.status()).as("deleted conversation %s", id).isEqualTo(404);
                continue;
            }
            assertThat(answer.status()).as("conversation %s: %s", id, answer.body()).isEqualTo(200);
            JsonNode m = answer.body();
            assertThat(text(m, "kind")).as("kind of %s", id).isEqualTo(String.valueOf(expected.kind));
            assertThat(text(m, "priority")).as("priority of %s", id).isEqualTo(String.valueOf(expected.priority));
            assertThat(text(m, "status")).as("status of %s", id).isEqualTo(String.valueOf(expected.status));
            assertThat(text(m, "tenant")).as("tenant of %s", id).isEqualTo(String.valueOf(expected.tenant));
            assertThat(number(m, "firstResponseMillis")).as("first response of %s", id).isEqualTo(expected.firstResponseMillis());
            assertThat(number(m, "resolutionMillis")).as("resolution of %s", id).isEqualTo(expected.resolutionMillis);
            assertThat(number(m, "lastCycleResolutionMillis")).as("last cycle of %s", id).isEqualTo(expected.lastCycleResolutionMillis);
            assertThat(m.get("resolveCount").asInt()).as("resolves of %s", id).isEqualTo(expected.resolveCount);
            assertThat(m.get("reopenCount").asInt()).as("reopens of %s", id).isEqualTo(expected.reopenCount);
            assertThat(m.get("userMessages").asInt()).as("user messages of %s", id).isEqualTo(expected.userMessages);
            assertThat(m.get("responderMessages").asInt()).as("responder messages of %s", id).isEqualTo(expected.responderMessages);
            assertThat(m.get("assistantMessages").asInt()).as("assistant messages of %s", id).isEqualTo(expected.assistantMessages);
            assertThat(m.get("userSentimentCount").asInt()).as("scored user messages of %s", id).isEqualTo(expected.userSentimentCount);
            assertThat(m.get("userSentimentSum").asDouble()).as("user sentiment of %s", id)
                    .isCloseTo(expected.userSentimentSum, within(1e-9));
        }
    }

    /** Every expected window of every series, queried per series over the range of its windows. */
    static void windowsMatch(StatsApi api, StatsReference reference) {
        Map<String, Map<Long, List<Double>>> bySeries = new LinkedHashMap<>();
        reference.observations.forEach((key, values) -> bySeries
                .computeIfAbsent(key.metric() + "@" + key.group() + "@" + key.size().toMillis(), k -> new TreeMap<>())
                .put(key.start(), values));
        bySeries.forEach((series, windows) -> {
            String[] parts = series.split("@", 3);
            Duration size = Duration.ofMillis(Long.parseLong(parts[2]));
            String window = StatsInstance.WINDOW_NAMES.get(StatsInstance.WINDOWS.indexOf(size));
            Instant from = Instant.ofEpochMilli(((TreeMap<Long, List<Double>>) windows).firstKey());
            Instant to = Instant.ofEpochMilli(((TreeMap<Long, List<Double>>) windows).lastKey());
            StatsApi.Answer answer = api.windows(parts[0], window, parts[1], from, to);
            assertThat(answer.status()).as("%s: %s", series, answer.body()).isEqualTo(200);
            Map<Long, JsonNode> actual = new TreeMap<>();
            answer.body().get("windows").forEach(w -> actual.put(Instant.parse(w.get("start").asText()).toEpochMilli(), w));
            assertThat(actual.keySet()).as("windows of %s %s", series, window).isEqualTo(windows.keySet());
            windows.forEach((start, values) -> windowMatches(series + " " + window + " " + Instant.ofEpochMilli(start),
                    actual.get(start), values));
        });
    }

    static void windowMatches(String what, JsonNode actual, List<Double> values) {
        assertThat(actual.get("count").asLong()).as("count of %s", what).isEqualTo(values.size());
        if (values.stream().anyMatch(v -> v.isNaN())) {
            return; // a message of another test, scored by nothing here: the count is all that is known
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double sum = Arrays.stream(sorted).sum();
        assertThat(actual.get("sum").asDouble()).as("sum of %s", what).isCloseTo(sum, within(1e-6 * Math.max(1, Math.abs(sum))));
        assertThat(actual.get("min").asDouble()).as("min of %s", what).isEqualTo(sorted[0]);
        assertThat(actual.get("max").asDouble()).as("max of %s", what).isEqualTo(sorted[sorted.length - 1]);
        assertThat(actual.get("mean").asDouble()).as("mean of %s", what)
                .isCloseTo(sum / sorted.length, within(1e-6 * Math.max(1, Math.abs(sum / sorted.length))));
        for (double q : QUANTILES) {
            double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
            double reported = actual.get("p" + Math.round(q * 100)).asDouble();
            assertThat(reported).as("p%d of %s (exact %s)", Math.round(q * 100), what, exact)
                    .isCloseTo(exact, within(Math.abs(exact) * RELATIVE_ACCURACY + 1e-9));
        }
    }

    /**
     * The counts of every group of every dimension, gathered by the instance from all instances, as the operators of
     * each tenant of the reference (and of the default tenant) see them: together, every group of the reference.
     */
    static void statusCountsMatch(StatsApi api, StatsReference reference) {
        Set<String> tenants = new LinkedHashSet<>();
        tenants.add(null);
        reference.conversations.values().forEach(c -> tenants.add(c.tenant));
        Map<String, List<Long>> actual = new TreeMap<>();
        for (String tenant : tenants) {
            for (String dimension : DIMENSIONS) {
                StatsApi.Answer answer = api.statusCounts(dimension, tenant);
                assertThat(answer.status()).as("status counts of %s in %s: %s", dimension, tenant, answer.body()).isEqualTo(200);
                answer.body().get("groups").forEach(g -> {
                    List<Long> counts = List.of(g.get("open").asLong(), g.get("pending").asLong(), g.get("resolved").asLong());
                    if (counts.stream().anyMatch(c -> c != 0)) {
                        actual.put(groupKey(dimension, g.get("value").asText(), tenant), counts);
                    }
                });
            }
        }
        Map<String, List<Long>> wanted = new TreeMap<>();
        reference.statusCounts().forEach((group, counts) -> wanted.put(group, Arrays.stream(counts).boxed().toList()));
        assertThat(actual).as("status counts of every tenant").isEqualTo(wanted);
    }

    /** The key of a group a tenant's operator was shown: their tenant's all is the tenant group. */
    private static String groupKey(String dimension, String value, String tenant) {
        if (tenant == null) {
            return dimension + "|" + value;
        }
        return dimension.equals("all") || dimension.equals("tenant") ? "tenant|" + tenant : dimension + "|" + value + "|" + tenant;
    }

    /** Waits until {@code supplier} yields a reference whose checks pass against {@code api}; returns it. */
    static StatsReference settled(Duration timeout, Supplier<StatsReference> supplier, java.util.function.Consumer<StatsReference> checks) {
        List<StatsReference> last = new ArrayList<>(1);
        Eventually.untilPasses(timeout, RETRY, () -> {
            StatsReference reference = supplier.get();
            last.clear();
            last.add(reference);
            checks.accept(reference);
        });
        return last.getFirst();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "null" : value.asText();
    }

    private static Long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asLong();
    }
}
