package dev.threadline.stats.topology;

import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.MetricName;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.events.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Windows by event time with the default grace: 10 minutes for 1-hour windows, 1 hour for 1-day windows. Stream time
 * moves with the observations; here each conversation answers once, so each send moves it to the response's time.
 */
class WindowsAndGraceTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void lateResponseWithinGraceCountsInItsWindow() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a response in the 10:00 window and one at 11:05, which moves stream time past the window's end
            answered(stats, "c-1", T.plus(Duration.ofMinutes(20)), Duration.ofMinutes(10));
            answered(stats, "c-2", T.plus(Duration.ofMinutes(60)), Duration.ofMinutes(5));

            // When a response from 10:50 arrives, 5 minutes after the window ended: within its 10 minutes of grace
            answered(stats, "c-3", T.plus(Duration.ofMinutes(40)), Duration.ofMinutes(10));

            // Then it is in the 10:00 window
            assertThat(latest(stats, hourWindowAt(T)).getCount()).isEqualTo(2);
        }
    }

    @Test
    void responseAfterGraceIsLeftOutOfTheWindowButCountsForItsConversation() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a response in the 10:00 window and one at 11:15, past the window's end plus grace
            answered(stats, "c-1", T.plus(Duration.ofMinutes(20)), Duration.ofMinutes(10));
            answered(stats, "c-2", T.plus(Duration.ofMinutes(70)), Duration.ofMinutes(5));
            List<WindowedMetric> before = stats.windowed(MetricName.first_response_time);

            // When a response from 10:50 arrives
            answered(stats, "c-3", T.plus(Duration.ofMinutes(40)), Duration.ofMinutes(10));

            // Then the closed hour window does not take it, the open day window (1 h grace) does
            List<WindowedMetric> after = stats.windowed(MetricName.first_response_time);
            assertThat(after).filteredOn(hourWindowAt(T)).isEmpty();
            assertThat(latest(before, hourWindowAt(T)).getCount()).isEqualTo(1);
            assertThat(latest(after, dayWindowOf(T)).getCount()).isEqualTo(3);
            // And the conversation's own metrics have it
            assertThat(stats.latestMetrics().get("c-3").getFirstResponseMillis()).isEqualTo(Duration.ofMinutes(10).toMillis());
        }
    }

    @Test
    void windowEmitsOneFinalValueWhenItCloses() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given two responses in the 10:00 window
            answered(stats, "c-1", T.plus(Duration.ofMinutes(10)), Duration.ofMinutes(1));
            answered(stats, "c-2", T.plus(Duration.ofMinutes(20)), Duration.ofMinutes(3));
            assertThat(stats.windowed(MetricName.first_response_time)).noneMatch(WindowedMetric::getFinal$);

            // When stream time passes 11:10 (end plus grace), and then again
            answered(stats, "c-3", T.plus(Duration.ofMinutes(71)), Duration.ofMinutes(1));
            answered(stats, "c-4", T.plus(Duration.ofMinutes(80)), Duration.ofMinutes(1));

            // Then the window emitted its final value once per group, with both responses
            List<WindowedMetric> finals = stats.windowed(MetricName.first_response_time).stream()
                    .filter(WindowedMetric::getFinal$).toList();
            assertThat(finals).extracting(WindowedMetric::getDimension)
                    .containsExactlyInAnyOrder(Dimension.all, Dimension.kind, Dimension.priority);
            assertThat(finals).allSatisfy(window -> {
                assertThat(window.getWindowStart()).isEqualTo(T);
                assertThat(window.getCount()).isEqualTo(2);
                assertThat(window.getSum()).isEqualTo(Duration.ofMinutes(4).toMillis());
                assertThat(window.getMean()).isEqualTo(Duration.ofMinutes(2).toMillis());
            });
        }
    }

    @Test
    void outOfOrderEventsLandInTheWindowsOfTheirOwnTime() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given responses that arrive in another order than they happened, within grace
            answered(stats, "c-1", T.plus(Duration.ofMinutes(61)), Duration.ofMinutes(2));
            answered(stats, "c-2", T.plus(Duration.ofMinutes(30)), Duration.ofMinutes(4));
            answered(stats, "c-3", T.plus(Duration.ofMinutes(62)), Duration.ofMinutes(6));

            // Then each window holds its own
            List<WindowedMetric> all = stats.windowed(MetricName.first_response_time);
            assertThat(latest(all, hourWindowAt(T)).getSum()).isEqualTo(Duration.ofMinutes(4).toMillis());
            assertThat(latest(all, hourWindowAt(T.plus(HOUR))).getSum()).isEqualTo(Duration.ofMinutes(8).toMillis());
            assertThat(latest(all, dayWindowOf(T)).getCount()).isEqualTo(3);
        }
    }

    /** A conversation started at {@code start} and answered {@code after} it. */
    private static void answered(TopologyHarness stats, String conversation, Instant start, Duration after) {
        stats.send(started(conversation, start), posted(conversation, conversation + "-m", Role.agent, "Hi", start.plus(after)));
    }

    private static Predicate<WindowedMetric> hourWindowAt(Instant start) {
        return m -> m.getDimension() == Dimension.all && m.getWindowStart().equals(start)
                && Duration.between(m.getWindowStart(), m.getWindowEnd()).equals(HOUR);
    }

    private static Predicate<WindowedMetric> dayWindowOf(Instant time) {
        return m -> m.getDimension() == Dimension.all && Duration.between(m.getWindowStart(), m.getWindowEnd()).equals(Duration.ofDays(1))
                && !m.getWindowStart().isAfter(time) && m.getWindowEnd().isAfter(time);
    }

    private static WindowedMetric latest(TopologyHarness stats, Predicate<WindowedMetric> window) {
        return latest(stats.windowed(MetricName.first_response_time), window);
    }

    private static WindowedMetric latest(List<WindowedMetric> records, Predicate<WindowedMetric> window) {
        return records.stream().filter(window).reduce((first, second) -> second).orElseThrow();
    }
}
