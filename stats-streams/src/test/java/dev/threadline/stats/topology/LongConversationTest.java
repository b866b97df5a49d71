package dev.threadline.stats.topology;

import static dev.threadline.testkit.ConversationEvents.posted;
import static dev.threadline.testkit.ConversationEvents.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.events.Role;
import dev.threadline.testkit.ConversationEvents;
import dev.threadline.vader.VaderSentiment;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * A conversation keeps its first {@value ConversationMessages#INLINE} messages in its own state and the rest in the
 * messages store; redeliveries, edits, deletions and a late start work the same for both.
 */
class LongConversationTest {

    private static final Instant T = Instant.parse("2026-01-05T10:00:00Z");
    private static final VaderSentiment VADER = VaderSentiment.withBundledLexicon();
    private static final int MESSAGES = ConversationMessages.INLINE + 6;
    private static final String ANGRY = "This is terrible, I am furious!";
    private static final String HAPPY = "Great, thank you so much :)";

    @Test
    void messagesBeyondTheInlineOnesGoToTheStoreAndCountTheSame() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given a conversation with more user messages than its state holds
            stats.send(started("c-1", T));
            stats.send(userMessages("c-1", T).toArray(new dev.threadline.events.ConversationEvent[0]));

            // When a held message and a stored one are redelivered, edited and deleted
            stats.send(posted("c-1", "m-1", Role.user, ANGRY, T.plusSeconds(1)),
                    posted("c-1", "m-" + MESSAGES, Role.user, ANGRY, T.plusSeconds(MESSAGES)),
                    ConversationEvents.edited("c-1", "m-2", HAPPY, T.plusSeconds(500)),
                    ConversationEvents.edited("c-1", "m-" + (MESSAGES - 1), HAPPY, T.plusSeconds(501)),
                    ConversationEvents.messageDeleted("c-1", "m-3", T.plusSeconds(502)),
                    ConversationEvents.messageDeleted("c-1", "m-" + (MESSAGES - 2), T.plusSeconds(503)));

            // Then only the messages beyond the held ones are in the store
            KeyValueStore<String, MessageState> store = stats.driver.getKeyValueStore(StatsStores.MESSAGES);
            assertThat(count(store)).isEqualTo(MESSAGES - ConversationMessages.INLINE);
            // And every message counted once, each edit and deletion applied wherever the message is kept
            ConversationMetrics metrics = stats.latestMetrics().get("c-1");
            assertThat(metrics.getUserMessages()).isEqualTo(MESSAGES - 2);
            assertThat(metrics.getUserSentimentCount()).isEqualTo(MESSAGES - 2);
            assertThat(metrics.getUserSentimentSum())
                    .isCloseTo((MESSAGES - 4) * score(ANGRY) + 2 * score(HAPPY), within(1e-9));
        }
    }

    @Test
    void aLateStartMeasuresHeldAndStoredMessages() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            // Given more user messages than the state holds, then an agent's, all before the start arrives
            stats.send(userMessages("c-1", T).toArray(new dev.threadline.events.ConversationEvent[0]));
            stats.send(posted("c-1", "a-1", Role.agent, "Sorry for the wait", T.plusSeconds(5_000)));

            // When the start arrives
            stats.send(started("c-1", T));

            // Then every user message was observed in the windows, and the agent's is the first response
            long observed = stats.windowed(dev.threadline.analytics.MetricName.sentiment).stream()
                    .filter(m -> m.getDimension() == dev.threadline.analytics.Dimension.all
                            && m.getWindowEnd().toEpochMilli() - m.getWindowStart().toEpochMilli() == 86_400_000L)
                    .mapToLong(dev.threadline.analytics.WindowedMetric::getCount).max().orElse(0);
            assertThat(observed).isEqualTo(MESSAGES);
            assertThat(stats.latestMetrics().get("c-1").getFirstResponseMillis()).isEqualTo(5_000_000L);
        }
    }

    @Test
    void aDeletedConversationLeavesNoMessageInTheStore() {
        try (TopologyHarness stats = TopologyHarness.start()) {
            stats.send(started("c-1", T));
            stats.send(userMessages("c-1", T).toArray(new dev.threadline.events.ConversationEvent[0]));

            stats.send(ConversationEvents.deleted("c-1", T.plusSeconds(9_000)));

            KeyValueStore<String, MessageState> store = stats.driver.getKeyValueStore(StatsStores.MESSAGES);
            assertThat(count(store)).isZero();
            assertThat(stats.latestMetrics().get("c-1")).isNull();
        }
    }

    /** {@link #MESSAGES} angry user messages m-1, m-2, ... one second apart. */
    private static List<dev.threadline.events.ConversationEvent> userMessages(String conversation, Instant start) {
        List<dev.threadline.events.ConversationEvent> events = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
            events.add(posted(conversation, "m-" + i, Role.user, ANGRY, start.plusSeconds(i)));
        }
        return events;
    }

    private static long count(KeyValueStore<String, MessageState> store) {
        try (var all = store.all()) {
            long count = 0;
            for (; all.hasNext(); all.next()) {
                count++;
            }
            return count;
        }
    }

    private static double score(String text) {
        return VADER.polarity(text).compound();
    }
}
