package dev.threadline.stats.topology;

import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.ConversationEvents.statusChanged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.MetricName;
import dev.threadline.analytics.StatusCounts;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Role;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * What changes within one publish interval is published once when the interval ends: a conversation's latest metrics,
 * one update per window with every observation of the interval, one status-counts record per group with every move.
 */
class PublicationPerIntervalTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void conversationChangedSeveralTimesInOneIntervalIsPublishedOnceWithItsLatestMetrics() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a conversation that starts, gets two messages and is resolved within one publish interval
            within(stats, started("c-1", T), posted("c-1", "m-1", Role.user, "Hello?", T.plusSeconds(5)),
                    posted("c-1", "m-2", Role.agent, "Hi!", T.plusSeconds(30)),
                    statusChanged("c-1", ConversationStatus.resolved, T.plusSeconds(90)));
            assertThat(stats.metrics.readRecordsToList()).as("before the interval ends").isEmpty();

            // When the interval ends
            stats.tick();

            // Then its metrics are published once, with all four events in them
            List<TestRecord<String, ConversationMetrics>> published = stats.metrics.readRecordsToList();
            assertThat(published).hasSize(1);
            ConversationMetrics metrics = published.getFirst().value();
            assertThat(metrics.getUserMessages()).isEqualTo(1);
            assertThat(metrics.getFirstResponseMillis()).isEqualTo(30_000L);
            assertThat(metrics.getResolutionMillis()).isEqualTo(90_000L);
            assertThat(published.getFirst().timestamp()).isEqualTo(T.plusSeconds(90).toEpochMilli());
        }
    }

    @Test
    void observationsOfOneIntervalReachEachWindowAsOneUpdate() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given three conversations answered within one interval, in the same hour
            within(stats, started("c-1", T), started("c-2", T), started("c-3", T),
                    posted("c-1", "m-1", Role.agent, "Hi", T.plusSeconds(60)),
                    posted("c-2", "m-2", Role.agent, "Hi", T.plusSeconds(120)),
                    posted("c-3", "m-3", Role.agent, "Hi", T.plusSeconds(180)));

            // When the interval ends
            stats.tick();

            // Then the hour and the day window of the all group each got one update with the three responses
            List<WindowedMetric> all = stats.responseTimes.readValuesToList().stream()
                    .filter(m -> m.getMetric() == MetricName.first_response_time && m.getDimension() == Dimension.all).toList();
            assertThat(all).hasSize(2).allSatisfy(window -> {
                assertThat(window.getCount()).isEqualTo(3);
                assertThat(window.getSum()).isEqualTo(360_000.0);
                assertThat(window.getMin()).isEqualTo(60_000.0);
                assertThat(window.getMax()).isEqualTo(180_000.0);
            });
        }
    }

    @Test
    void statusMovesOfOneIntervalArePublishedOncePerGroup() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given two conversations that start, and one that waits on the user, within one interval
            within(stats, started("c-1", T), started("c-2", T.plusSeconds(1)),
                    statusChanged("c-1", ConversationStatus.pending, T.plusSeconds(60)));

            // When the interval ends
            stats.tick();

            // Then each group's counts are published once, with every move in them
            List<TestRecord<String, StatusCounts>> published = stats.statusCounts.readRecordsToList();
            assertThat(published).extracting(TestRecord::key).containsExactlyInAnyOrder("all|all", "kind|support", "priority|medium");
            StatusCounts all = published.stream().filter(r -> r.key().equals("all|all")).findFirst().orElseThrow().value();
            assertThat(all.getOpen()).isEqualTo(1);
            assertThat(all.getPending()).isEqualTo(1);
            assertThat(all.getUpdatedAt()).isEqualTo(T.plusSeconds(60));
        }
    }

    @Test
    void movesThatCancelOutStillMoveTheGroupsUpdateTime() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given an open conversation
            stats.send(started("c-1", T));
            stats.statusCounts.readRecordsToList();

            // When it goes to pending and back to open within one interval
            within(stats, statusChanged("c-1", ConversationStatus.pending, T.plusSeconds(60)),
                    statusChanged("c-1", ConversationStatus.open, T.plusSeconds(70)));
            stats.tick();

            // Then its groups still count it open, updated at the latest move, as if the moves had travelled one by one
            StatusCounts all = stats.latestStatusCounts().get("all|all");
            assertThat(all.getOpen()).isEqualTo(1);
            assertThat(all.getPending()).isZero();
            assertThat(all.getUpdatedAt()).isEqualTo(T.plusSeconds(70));
        }
    }

    @Test
    void whatIsPendingAtACommitIsSavedInTheOutboxChangelogAndDeletedOnceEmitted() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            var outboxChangelog = stats.driver.createOutputTopic("stats-streams-" + StatsStores.OUTBOX + "-changelog",
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());
            var conversationsChangelog = stats.driver.createOutputTopic("stats-streams-" + StatsStores.CONVERSATIONS + "-changelog",
                    new org.apache.kafka.common.serialization.StringDeserializer(),
                    new org.apache.kafka.common.serialization.ByteArrayDeserializer());

            // When an event is committed before the interval ends (the test driver commits after every record)
            within(stats, started("c-1", T));

            // Then the commit saved the outbox's pending entries, the conversation's state with them, as one journal
            // chunk, and the conversations store wrote nothing yet
            assertThat(outboxChangelog.readRecordsToList()).hasSize(1).allSatisfy(chunk -> assertThat(chunk.value()).isNotNull());
            assertThat(conversationsChangelog.readKeyValuesToList()).isEmpty();

            // And when the interval ends, the state is saved in its store and the chunk deleted, in the same transaction
            stats.tick();
            assertThat(conversationsChangelog.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("c-1");
            assertThat(outboxChangelog.readRecordsToList()).hasSize(1).allSatisfy(chunk -> assertThat(chunk.value()).isNull());
            assertThat(stats.metrics.readRecordsToList()).hasSize(1);
        }
    }

    /** Pipes events without letting the publish interval pass. */
    private static void within(TopologyHarness stats, ConversationEvent... events) {
        for (ConversationEvent event : events) {
            stats.events.pipeInput(event.getConversationId(), event);
        }
    }
}
