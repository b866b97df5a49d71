package dev.threadline.stats.topology;

import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.MetricName;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.events.Role;
import dev.threadline.stats.config.StatsConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FirstResponseTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");

    @ParameterizedTest
    @EnumSource(value = Role.class, names = {"agent", "admin"})
    void firstMessageOfAHumanResponderIsTheFirstResponse(Role responder) {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a conversation whose user writes first
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, "Where is my parcel?", T.plusSeconds(10)));

            // When a responder answers twice
            stats.send(posted("c-1", "m-2", responder, "Let me check", T.plusSeconds(90)),
                    posted("c-1", "m-3", responder, "It is on its way", T.plusSeconds(200)));

            // Then the first answer is the first response, measured from the start
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getFirstResponseAt()).isEqualTo(T.plusSeconds(90));
            assertThat(metrics.getFirstResponseMillis()).isEqualTo(90_000L);
            assertThat(metrics.getResponderMessages()).isEqualTo(2);
            // And the windows of the response's event time hold exactly one observation
            assertThat(latestAllWindows(stats)).extracting(WindowedMetric::getCount, WindowedMetric::getSum)
                    .containsOnly(org.assertj.core.groups.Tuple.tuple(1L, 90_000.0));
        }
    }

    @Test
    void assistantIsNoResponderByDefault() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given an AI assistant that answers before the agent
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.assistant, "I am a bot", T.plusSeconds(5)),
                    posted("c-1", "m-2", Role.agent, "Agent here", T.plusSeconds(60)));

            // Then only the agent's message is the first response
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getFirstResponseMillis()).isEqualTo(60_000L);
            assertThat(metrics.getAssistantMessages()).isEqualTo(1);
            assertThat(metrics.getResponderSentimentCount()).isEqualTo(1);
        }
    }

    @Test
    void assistantRespondsWhereConfigured() {
        try (TopologyHarness stats = TopologyHarness.start(StatsConfig.defaults().withAssistantIsResponder(true))) {
            // Given a deployment where the assistant is a responder
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.assistant, "Happy to help!", T.plusSeconds(5)),
                    posted("c-1", "m-2", Role.agent, "Agent here", T.plusSeconds(60)));

            // Then its first message is the first response, and its sentiment counts as a responder's
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getFirstResponseMillis()).isEqualTo(5_000L);
            assertThat(metrics.getResponderSentimentCount()).isEqualTo(2);
            assertThat(latestAllWindows(stats)).extracting(WindowedMetric::getSum).containsOnly(5_000.0);
        }
    }

    @Test
    void messagesBeforeTheStartAreKeptAndMeasuredOnceTheStartArrives() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given messages that arrive before their conversation's start event
            stats.send(posted("c-1", "m-1", Role.user, "Hello? Anyone?", T.plusSeconds(1)),
                    posted("c-1", "m-2", Role.agent, "Yes, hi", T.plusSeconds(20)));
            ConversationMetrics before = stats.latestMetrics().get("c-1");

            // When the start arrives
            stats.send(started("c-1", T));

            // Then the messages were counted at once, but first response waited for the start
            assertThat(before.getStartedAt()).isNull();
            assertThat(before.getUserMessages()).isEqualTo(1);
            assertThat(before.getFirstResponseMillis()).isNull();
            ConversationMetrics after = stats.latestMetrics().get("c-1");
            assertThat(after.getFirstResponseMillis()).isEqualTo(20_000L);
            assertThat(latestAllWindows(stats)).extracting(WindowedMetric::getWindowStart, WindowedMetric::getSum)
                    .contains(org.assertj.core.groups.Tuple.tuple(T, 20_000.0));
            // And the user message's sentiment entered the windows then too
            assertThat(stats.windowed(MetricName.sentiment)).filteredOn(m -> m.getDimension() == Dimension.all).hasSize(2);
        }
    }

    @Test
    void responderMessageFromBeforeTheStartIsNoResponse() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given an agent message whose event time lies before the start (an outbound note imported late)
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.agent, "Following up", T.minusSeconds(60)));
            assertThat(stats.latestMetrics().get("c-1").getFirstResponseMillis()).isNull();

            // When the agent answers after the start
            stats.send(posted("c-1", "m-2", Role.agent, "Here you go", T.plusSeconds(30)));

            // Then that is the first response
            assertThat(stats.latestMetrics().get("c-1").getFirstResponseMillis()).isEqualTo(30_000L);
        }
    }

    @Test
    void laterArrivingEarlierResponseDoesNotReplaceTheMeasuredOne() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a first response that was measured
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.agent, "Answer", T.plusSeconds(100)));

            // When a responder message with an earlier event time arrives out of order
            stats.send(posted("c-1", "m-2", Role.agent, "Earlier answer", T.plusSeconds(50)));

            // Then the measured first response stands, in the metrics and the windows alike
            assertThat(stats.latestMetrics().get("c-1").getFirstResponseMillis()).isEqualTo(100_000L);
            assertThat(latestAllWindows(stats)).extracting(WindowedMetric::getCount).containsOnly(1L);
        }
    }

    @Test
    void userAndSystemMessagesAreNoResponse() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, "Hi", T.plusSeconds(1)),
                    posted("c-1", "m-2", Role.system, "Conversation assigned", T.plusSeconds(2)));

            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getFirstResponseMillis()).isNull();
            assertThat(metrics.getSystemMessages()).isEqualTo(1);
            assertThat(stats.windowed(MetricName.first_response_time)).isEmpty();
        }
    }

    /** The latest first-response record per window size for the group all. */
    private static List<WindowedMetric> latestAllWindows(TopologyHarness stats) {
        var latest = new java.util.LinkedHashMap<Duration, WindowedMetric>();
        for (WindowedMetric metric : stats.windowed(MetricName.first_response_time)) {
            if (metric.getDimension() == Dimension.all) {
                latest.put(Duration.between(metric.getWindowStart(), metric.getWindowEnd()), metric);
            }
        }
        return List.copyOf(latest.values());
    }
}
