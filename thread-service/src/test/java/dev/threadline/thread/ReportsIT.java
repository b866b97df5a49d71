package dev.threadline.thread;

import static dev.threadline.testkit.ConversationEvents.deleted;
import static dev.threadline.testkit.ConversationEvents.members;
import static dev.threadline.testkit.ConversationEvents.newId;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.ConversationEvents.statusChanged;
import static dev.threadline.thread.ThreadTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

@MicronautTest
class ReportsIT extends ThreadServiceIT {

    // A day of its own far in the future, so no other test's conversations (or an earlier run's,
    // on an external broker) start in it.
    private static final Instant DAY = Instant.parse("2040-01-01T00:00:00Z")
            .plus(Duration.ofDays(ThreadLocalRandom.current().nextInt(100_000)));

    ReportsIT() {
        super("thread_reports_it");
    }

    @Test
    void summaryCountsAndTimesTheConversationsStartedInTheRange() {
        // Given five conversations started that day: three resolved after 1 h, 2 h and (reopened
        // once) 1.5 h, one pending, one open; plus one started the day before and one deleted
        String alice = "alice-" + run;
        String bob = "bob-" + run;
        String carol = "carol-" + run;
        List<ConversationEvent> events = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        String oneHour = start(events, ids, 0, alice, ConversationKind.support, Priority.high);
        events.add(statusChanged(oneHour, ConversationStatus.resolved, at(3_600)));
        String twoHours = start(events, ids, 3_600, alice, ConversationKind.support, Priority.low);
        events.add(statusChanged(twoHours, ConversationStatus.resolved, at(3_600 + 7_200)));
        String pending = start(events, ids, 7_200, bob, ConversationKind.direct, Priority.medium);
        events.add(statusChanged(pending, ConversationStatus.pending, at(7_300)));
        start(events, ids, 10_800, alice, ConversationKind.ai_chat, Priority.medium);
        String reopened = start(events, ids, 14_400, carol, ConversationKind.support, Priority.urgent);
        events.add(statusChanged(reopened, ConversationStatus.resolved, at(14_400 + 600)));
        events.add(statusChanged(reopened, ConversationStatus.open, at(14_400 + 1_200)));
        events.add(statusChanged(reopened, ConversationStatus.resolved, at(14_400 + 5_400)));
        start(events, ids, -3_600, carol, ConversationKind.support, Priority.high);
        String gone = start(events, ids, 20_000, carol, ConversationKind.support, Priority.high);
        events.add(deleted(gone, at(20_100)));
        support.send(events.toArray(ConversationEvent[]::new));
        support.sync(http, ids.toArray(String[]::new));

        // When the day's summary is asked for with the top two starters
        Map<String, Object> report = http.toBlocking().retrieve(
                "/v1/reports/summary?from=" + DAY + "&to=" + DAY.plus(Duration.ofDays(1)) + "&top=2", Map.class);

        // Then it counts the five, by status, kind and priority, zeros included
        assertThat(report).containsEntry("started", 5);
        assertThat((Map<String, Object>) report.get("byStatus")).containsExactlyInAnyOrderEntriesOf(
                Map.of("open", 1, "pending", 1, "resolved", 3));
        assertThat((Map<String, Object>) report.get("byKind")).containsEntry("support", 3).containsEntry("direct", 1)
                .containsEntry("ai_chat", 1).containsEntry("group", 0).containsEntry("roleplay", 0).containsEntry("custom", 0);
        assertThat((Map<String, Object>) report.get("byPriority")).containsEntry("low", 1).containsEntry("medium", 2)
                .containsEntry("high", 1).containsEntry("urgent", 1);
        // And resolution times of 3 600, 7 200 and 5 400 s: mean 5 400, median 5 400,
        // p90 = 5 400 + 0.8 × (7 200 − 5 400) = 6 840 (linear interpolation, percentile_cont)
        Map<String, Object> resolution = (Map<String, Object>) report.get("resolutionTime");
        assertThat(resolution).containsEntry("resolved", 3);
        assertThat(((Number) resolution.get("averageSeconds")).doubleValue()).isCloseTo(5_400, within(0.001));
        assertThat(((Number) resolution.get("p50Seconds")).doubleValue()).isCloseTo(5_400, within(0.001));
        assertThat(((Number) resolution.get("p90Seconds")).doubleValue()).isCloseTo(6_840, within(0.001));
        // And the top starters by count, ties by user id
        assertThat((List<Map<String, Object>>) report.get("topStarters")).containsExactly(
                Map.of("userId", alice, "conversations", 3), Map.of("userId", bob, "conversations", 1));
    }

    @Test
    void anEmptyRangeHasZerosAndNoTimes() {
        Instant empty = DAY.minus(Duration.ofDays(400));

        Map<String, Object> report = http.toBlocking().retrieve(
                "/v1/reports/summary?from=" + empty + "&to=" + empty.plusSeconds(60), Map.class);

        assertThat(report).containsEntry("started", 0).containsEntry("topStarters", List.of());
        assertThat((Map<String, Object>) report.get("resolutionTime")).containsEntry("resolved", 0)
                .containsEntry("averageSeconds", null).containsEntry("p90Seconds", null);
    }

    @Test
    void badRangeOrTopIsA400NamingTheParameter() {
        Map<String, String> cases = Map.of(
                "from=yesterday", "from",
                "to=2026-13-01T00:00:00Z", "to",
                "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from",
                "top=0", "top",
                "top=101", "top");
        cases.forEach((query, parameter) -> {
            var rejected = failure(http, "/v1/reports/summary?" + query);
            assertThat(rejected.getStatus().getCode()).as(query).isEqualTo(400);
            Map<?, ?> problem = rejected.getResponse().getBody(Map.class).orElseThrow();
            assertThat((List<Map<String, Object>>) problem.get("errors")).as(query).extracting(e -> e.get("field")).contains(parameter);
        });
    }

    private static String start(List<ConversationEvent> events, List<String> ids, long second, String createdBy,
                                ConversationKind kind, Priority priority) {
        String id = newId();
        events.add(started(id, at(second), createdBy, ConversationStarted.newBuilder().setKind(kind).setPriority(priority)
                .setParticipants(members(createdBy + ":user")).build()));
        ids.add(id);
        return id;
    }

    private static Instant at(long second) {
        return DAY.plusSeconds(second);
    }
}
