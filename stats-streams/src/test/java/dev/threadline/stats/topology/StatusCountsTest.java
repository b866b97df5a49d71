package dev.threadline.stats.topology;

import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.ConversationEvents.statusChanged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.analytics.StatusCounts;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.testkit.ConversationEvents;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusCountsTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

    @Test
    void startCountsTheConversationAsOpenInEachOfItsGroups() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            stats.send(ConversationEvents.withTenant(started("c-1", T, ConversationKind.group, Priority.high), "acme"));

            Map<String, StatusCounts> counts = stats.latestStatusCounts();
            assertThat(counts.keySet()).containsExactlyInAnyOrder("tenant|acme", "kind|group|acme", "priority|high|acme");
            assertThat(counts.values()).allSatisfy(c -> {
                assertThat(c.getOpen()).isEqualTo(1);
                assertThat(c.getPending() + c.getResolved()).isZero();
            });
            assertThat(counts.get("tenant|acme").getUpdatedAt()).isEqualTo(T);
            assertThat(counts.get("kind|group|acme").getTenant()).isEqualTo("acme");
            assertThat(counts.get("kind|group|acme").getDimensionValue()).isEqualTo("group");
        }
    }

    @Test
    void statusChangeMovesTheConversationFromOneCountToAnother() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given two open conversations
            stats.send(started("c-1", T), started("c-2", T.plusSeconds(1)));

            // When one waits on the user and the other is resolved
            stats.send(statusChanged("c-1", ConversationStatus.pending, T.plusSeconds(60)),
                    statusChanged("c-2", ConversationStatus.resolved, T.plusSeconds(70)));

            // Then every group of theirs counts one pending and one resolved
            Map<String, StatusCounts> counts = stats.latestStatusCounts();
            StatusCounts all = counts.get("all|all");
            assertThat(all.getOpen()).isZero();
            assertThat(all.getPending()).isEqualTo(1);
            assertThat(all.getResolved()).isEqualTo(1);
            assertThat(counts.get("kind|support").getResolved()).isEqualTo(1);
        }
    }

    @Test
    void reopenMovesItBackToOpen() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            stats.send(started("c-1", T), statusChanged("c-1", ConversationStatus.resolved, T.plusSeconds(60)),
                    statusChanged("c-1", ConversationStatus.open, T.plusSeconds(90)));

            StatusCounts all = stats.latestStatusCounts().get("all|all");
            assertThat(all.getOpen()).isEqualTo(1);
            assertThat(all.getResolved()).isZero();
        }
    }

    @Test
    void priorityChangeMovesItBetweenPriorityGroupsOnly() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given an open conversation of medium priority
            stats.send(started("c-1", T));
            stats.latestStatusCounts();

            // When it is escalated
            stats.send(ConversationEvents.priorityChanged("c-1", Priority.urgent, T.plusSeconds(30)));

            // Then it left medium and joined urgent; the other groups did not move
            Map<String, StatusCounts> changed = stats.latestStatusCounts();
            assertThat(changed.keySet()).containsExactlyInAnyOrder("priority|medium", "priority|urgent");
            assertThat(changed.get("priority|medium").getOpen()).isZero();
            assertThat(changed.get("priority|urgent").getOpen()).isEqualTo(1);
        }
    }

    @Test
    void deletedConversationLeavesTheCountsAndItsMetricsAreTombstoned() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a resolved conversation
            stats.send(started("c-1", T), statusChanged("c-1", ConversationStatus.resolved, T.plusSeconds(60)));

            // When it is deleted, and an event still arrives for it afterwards
            stats.send(ConversationEvents.deleted("c-1", T.plusSeconds(120)),
                    statusChanged("c-1", ConversationStatus.open, T.plusSeconds(180)));

            // Then it is counted nowhere, and its latest metrics are a tombstone
            StatusCounts all = stats.latestStatusCounts().get("all|all");
            assertThat(all.getResolved()).isZero();
            assertThat(all.getOpen()).isZero();
            Map<String, ?> metrics = stats.latestMetrics();
            assertThat(metrics).containsKey("c-1");
            assertThat(metrics.get("c-1")).isNull();
        }
    }

    @Test
    void conversationWithoutStartIsNotCounted() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            stats.send(statusChanged("c-1", ConversationStatus.pending, T));

            assertThat(stats.latestStatusCounts()).isEmpty();
        }
    }
}
