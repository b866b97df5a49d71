package dev.threadline.stats.topology;

import static dev.threadline.testkit.ConversationEvents.edited;
import static dev.threadline.testkit.ConversationEvents.erased;
import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.purged;
import static dev.threadline.testkit.ConversationEvents.started;
import static dev.threadline.testkit.ConversationEvents.withActor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.events.Actor;
import dev.threadline.events.Role;
import dev.threadline.vader.VaderSentiment;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Erasure and purge (docs/lifecycle.md) in stats-streams: the read model's rules, applied to metrics. */
class ErasureAndPurgeTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    private static final VaderSentiment VADER = VaderSentiment.withBundledLexicon();
    private static final String ANGRY = "This is terrible, I am furious!";
    private static final String HAPPY = "Great, thank you so much :)";

    @Test
    void aPurgedConversationIsTombstonedLeavesTheStatusCountsAndItsLaterEventsAreIgnored() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given an open conversation with a message
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, ANGRY, T.plusSeconds(1)));
            assertThat(stats.latestStatusCounts().get("all|all").getOpen()).isEqualTo(1);

            // When it is purged, and a message of it still comes
            stats.send(purged("c-1", T.plusSeconds(2)));
            Map<String, ConversationMetrics> afterPurge = stats.latestMetrics();
            stats.send(posted("c-1", "m-2", Role.user, HAPPY, T.plusSeconds(3)));

            // Then its metrics are tombstoned, it is counted nowhere, and the late message published nothing
            assertThat(afterPurge).containsEntry("c-1", null);
            assertThat(stats.latestStatusCounts().get("all|all").getOpen()).isZero();
            assertThat(stats.latestMetrics()).doesNotContainKey("c-1");
        }
    }

    @Test
    void aUserErasedWithoutPseudonymNoLongerChangesTheirMessages() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given user-1's angry message
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, ANGRY, T.plusSeconds(1)));

            // When user-1 is erased with nobody in their place, and then edits the message
            stats.send(erased("user-1", null, false, 1, T.plusSeconds(2)), edited("c-1", "m-1", HAPPY, T.plusSeconds(3)));

            // Then the edit does not count, as the read model refuses it: the message is nobody's now
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getUserSentimentSum()).isCloseTo(score(ANGRY), within(1e-9));
        }
    }

    @Test
    void aUserErasedWithAPseudonymChangesTheirMessagesAsThePseudonym() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given user-1's angry message, and user-1 erased with a pseudonym
            stats.send(started("c-1", T), posted("c-1", "m-1", Role.user, ANGRY, T.plusSeconds(1)),
                    erased("user-1", "erased-1", false, 1, T.plusSeconds(2)));

            // When someone else edits it, then user-1 (whose events the read model applies as the pseudonym's)
            stats.send(withActor(edited("c-1", "m-1", HAPPY, T.plusSeconds(3)), new Actor("user-2", Role.user)));
            double afterStranger = stats.latestMetrics().get("c-1").getUserSentimentSum();
            stats.send(edited("c-1", "m-1", HAPPY, T.plusSeconds(4)));

            // Then only the erased author's own edit counts
            assertThat(afterStranger).isCloseTo(score(ANGRY), within(1e-9));
            assertThat(stats.latestMetrics().get("c-1").getUserSentimentSum()).isCloseTo(score(HAPPY), within(1e-9));
        }
    }

    private static double score(String text) {
        return VADER.polarity(text).compound();
    }
}
