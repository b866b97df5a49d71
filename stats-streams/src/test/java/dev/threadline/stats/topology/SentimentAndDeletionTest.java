package dev.threadline.stats.topology;

import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.MetricName;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.events.Actor;
import dev.threadline.events.Role;
import dev.threadline.testkit.ConversationEvents;
import dev.threadline.vader.VaderSentiment;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SentimentAndDeletionTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    private static final VaderSentiment VADER = VaderSentiment.withBundledLexicon();
    private static final String ANGRY = "This is terrible, I am furious!";
    private static final String HAPPY = "Great, thank you so much :)";
    private static final String POLITE = "Sorry for the trouble, glad to help";

    @Test
    void userAndResponderSentimentAreSummedApart() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, ANGRY, T.plusSeconds(1)),
                    posted("c-1", "m-2", Role.agent, POLITE, T.plusSeconds(2)),
                    posted("c-1", "m-3", Role.user, HAPPY, T.plusSeconds(3)),
                    posted("c-1", "m-4", Role.system, "Ticket closed, terrible awful", T.plusSeconds(4)));

            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getUserSentimentCount()).isEqualTo(2);
            assertThat(metrics.getUserSentimentSum()).isCloseTo(score(ANGRY) + score(HAPPY), within(1e-9));
            assertThat(metrics.getAverageUserSentiment()).isCloseTo((score(ANGRY) + score(HAPPY)) / 2, within(1e-9));
            assertThat(metrics.getResponderSentimentCount()).isEqualTo(1);
            assertThat(metrics.getResponderSentimentSum()).isCloseTo(score(POLITE), within(1e-9));
        }
    }

    @Test
    void windowedSentimentHoldsUserMessagesInTheWindowOfTheirTime() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, ANGRY, T.plusSeconds(60)),
                    posted("c-1", "m-2", Role.agent, POLITE, T.plusSeconds(120)),
                    posted("c-1", "m-3", Role.user, HAPPY, T.plusSeconds(3_700)));

            List<WindowedMetric> hourly = stats.windowed(MetricName.sentiment).stream()
                    .filter(m -> m.getDimension() == Dimension.all && m.getWindowEnd().toEpochMilli() - m.getWindowStart().toEpochMilli() == 3_600_000)
                    .toList();
            assertThat(hourly).extracting(WindowedMetric::getWindowStart).containsExactly(T, T.plusSeconds(3_600));
            assertThat(hourly.get(0).getMean()).isEqualTo(score(ANGRY));
            assertThat(hourly.get(1).getMean()).isEqualTo(score(HAPPY));
        }
    }

    @Test
    void deletedMessageLeavesTheCountsAndSentimentSums() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given two user messages and an agent message
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, ANGRY, T.plusSeconds(1)),
                    posted("c-1", "m-2", Role.user, HAPPY, T.plusSeconds(2)),
                    posted("c-1", "m-3", Role.agent, POLITE, T.plusSeconds(3)));

            // When the angry message and the agent's are deleted, one of them twice
            stats.send(ConversationEvents.messageDeleted("c-1", "m-1", T.plusSeconds(10)), ConversationEvents.messageDeleted("c-1", "m-3", T.plusSeconds(11)),
                    ConversationEvents.messageDeleted("c-1", "m-1", T.plusSeconds(12)));

            // Then only the happy message is left, and the sums hold exactly its score
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getUserMessages()).isEqualTo(1);
            assertThat(metrics.getResponderMessages()).isZero();
            assertThat(metrics.getUserSentimentCount()).isEqualTo(1);
            assertThat(metrics.getUserSentimentSum()).isCloseTo(score(HAPPY), within(1e-9));
            assertThat(metrics.getAverageUserSentiment()).isCloseTo(score(HAPPY), within(1e-9));
            assertThat(metrics.getResponderSentimentCount()).isZero();
            assertThat(metrics.getResponderSentimentSum()).isZero();
            // And the first response, once made, stays
            assertThat(metrics.getFirstResponseMillis()).isEqualTo(3_000L);
        }
    }

    @Test
    void editedMessageIsScoredAgain() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, ANGRY, T.plusSeconds(1)),
                    ConversationEvents.edited("c-1", "m-1", HAPPY, T.plusSeconds(30)));

            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getUserSentimentCount()).isEqualTo(1);
            assertThat(metrics.getUserSentimentSum()).isCloseTo(score(HAPPY), within(1e-9));
        }
    }

    @Test
    void onlyItsAuthorOrAnAdminChangesAMessagesCounts() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a user's angry message, when another user edits it and an agent deletes it
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, ANGRY, T.plusSeconds(1)),
                    ConversationEvents.withActor(ConversationEvents.edited("c-1", "m-1", HAPPY, T.plusSeconds(30)), new Actor("user-2", Role.user)),
                    ConversationEvents.withActor(ConversationEvents.messageDeleted("c-1", "m-1", T.plusSeconds(40)), new Actor("agent-1", Role.agent)));

            // Then neither counts, as the read model refuses both
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getUserMessages()).isEqualTo(1);
            assertThat(metrics.getUserSentimentSum()).isCloseTo(score(ANGRY), within(1e-9));

            // And an admin's deletion does
            stats.send(ConversationEvents.messageDeleted("c-1", "m-1", T.plusSeconds(50)));
            assertThat(stats.latestMetrics().get("c-1").getUserMessages()).isZero();
        }
    }

    @Test
    void redeliveredMessageCountsOnce() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            var message = posted("c-1", "m-1", Role.user, ANGRY, T.plusSeconds(1));
            stats.send(started("c-1", T), message, message);

            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getUserMessages()).isEqualTo(1);
            assertThat(metrics.getUserSentimentCount()).isEqualTo(1);
            assertThat(stats.windowed(MetricName.sentiment)).filteredOn(m -> m.getDimension() == Dimension.all).hasSize(2);
        }
    }

    private static double score(String text) {
        return VADER.polarity(text).compound();
    }
}
