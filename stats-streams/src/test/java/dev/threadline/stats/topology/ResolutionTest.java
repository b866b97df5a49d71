package dev.threadline.stats.topology;

import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.ConversationEvents.statusChanged;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.MetricName;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Role;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResolutionTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void resolveMeasuresFullResolutionFromTheStart() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given an answered conversation
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.agent, "On it", T.plusSeconds(60)));

            // When it is resolved 70 minutes after its start
            stats.send(statusChanged("c-1", ConversationStatus.resolved, T.plus(Duration.ofMinutes(70))));

            // Then its resolution time is 70 minutes, and so is its only cycle
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getResolvedAt()).isEqualTo(T.plus(Duration.ofMinutes(70)));
            assertThat(metrics.getResolutionMillis()).isEqualTo(Duration.ofMinutes(70).toMillis());
            assertThat(metrics.getLastCycleResolutionMillis()).isEqualTo(Duration.ofMinutes(70).toMillis());
            assertThat(metrics.getResolveCount()).isEqualTo(1);
            assertThat(metrics.getStatus()).isEqualTo(ConversationStatus.resolved);
            // And it is observed in the window of the resolve (11:00–12:00), not of the start
            assertThat(hourWindows(stats)).extracting(WindowedMetric::getWindowStart, WindowedMetric::getCount, WindowedMetric::getSum)
                    .containsExactly(tuple(T.plus(HOUR), 1L, (double) Duration.ofMinutes(70).toMillis()));
        }
    }

    @Test
    void reopenAndResolveAgainIsMeasuredFromTheStartAndCountsTheReopen() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a conversation resolved after 10 minutes
            stats.send(started("c-1", T), statusChanged("c-1", ConversationStatus.resolved, T.plus(Duration.ofMinutes(10))));

            // When the user reopens it after 30 minutes
            stats.send(statusChanged("c-1", ConversationStatus.open, T.plus(Duration.ofMinutes(30))));
            ConversationMetrics reopened = stats.latestMetrics().get("c-1");

            // And it is resolved again after 50 minutes
            stats.send(statusChanged("c-1", ConversationStatus.resolved, T.plus(Duration.ofMinutes(50))));

            // Then while reopened it had no resolved_at but kept the last resolution and counted the reopen
            assertThat(reopened.getResolvedAt()).isNull();
            assertThat(reopened.getReopenCount()).isEqualTo(1);
            assertThat(reopened.getResolutionMillis()).isEqualTo(Duration.ofMinutes(10).toMillis());
            // And the second resolution is full (from the start), the cycle from the reopen
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getResolutionMillis()).isEqualTo(Duration.ofMinutes(50).toMillis());
            assertThat(metrics.getLastCycleResolutionMillis()).isEqualTo(Duration.ofMinutes(20).toMillis());
            assertThat(metrics.getResolveCount()).isEqualTo(2);
            assertThat(metrics.getReopenCount()).isEqualTo(1);
            // And each resolve is one observation of its full resolution time
            WindowedMetric window = hourWindows(stats).getLast();
            assertThat(window.getCount()).isEqualTo(2);
            assertThat(window.getMin()).isEqualTo(Duration.ofMinutes(10).toMillis());
            assertThat(window.getMax()).isEqualTo(Duration.ofMinutes(50).toMillis());
            assertThat(window.getMean()).isEqualTo(Duration.ofMinutes(30).toMillis());
        }
    }

    @Test
    void resolveWithoutAnyResponseIsMeasured() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a conversation nobody answered, closed after 5 minutes
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, "Never mind, found it", T.plusSeconds(30)),
                    statusChanged("c-1", ConversationStatus.resolved, T.plus(Duration.ofMinutes(5))));

            // Then it has a resolution time and no first response
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getResolutionMillis()).isEqualTo(Duration.ofMinutes(5).toMillis());
            assertThat(metrics.getFirstResponseMillis()).isNull();
            assertThat(stats.windowed(MetricName.first_response_time)).isEmpty();
        }
    }

    @Test
    void pendingAndBackToOpenIsNoReopen() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            stats.send(started("c-1", T), statusChanged("c-1", ConversationStatus.pending, T.plusSeconds(60)),
                    statusChanged("c-1", ConversationStatus.open, T.plusSeconds(120)),
                    statusChanged("c-1", ConversationStatus.open, T.plusSeconds(130)));

            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getReopenCount()).isZero();
            assertThat(metrics.getResolveCount()).isZero();
            assertThat(stats.windowed(MetricName.resolution_time)).isEmpty();
        }
    }

    @Test
    void resolveBeforeTheStartArrivedIsMeasuredWhenItDoes() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a resolve that arrives before the conversation's start
            stats.send(statusChanged("c-1", ConversationStatus.resolved, T.plus(Duration.ofMinutes(15))));

            // When the start arrives
            stats.send(started("c-1", T));

            // Then the resolution is measured from it and the conversation counts as resolved, not open
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getResolutionMillis()).isEqualTo(Duration.ofMinutes(15).toMillis());
            assertThat(metrics.getStatus()).isEqualTo(ConversationStatus.resolved);
            var all = stats.latestStatusCounts().get("all|all");
            assertThat(all.getResolved()).isEqualTo(1);
            assertThat(all.getOpen()).isZero();
        }
    }

    private static java.util.List<WindowedMetric> hourWindows(TopologyHarness stats) {
        return stats.windowed(MetricName.resolution_time).stream()
                .filter(m -> m.getDimension() == Dimension.all)
                .filter(m -> Duration.between(m.getWindowStart(), m.getWindowEnd()).equals(HOUR))
                .toList();
    }
}
