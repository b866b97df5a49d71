package dev.threadline.stats.topology;

import dev.threadline.analytics.ConversationMetrics;

/**
 * What {@link ConversationMetricsProcessor} emits for one event, each kind to its own branch of the topology:
 * the conversation's new metrics, observations for the windowed aggregates and moves between status counts.
 */
sealed interface ConversationOutput {

    /** The conversation's metrics after the event, key = conversation id; {@code null} when it was deleted. */
    record MetricsUpdate(ConversationMetrics metrics) implements ConversationOutput {
    }

    /** One value of a series (key = series key) at the record's timestamp: a time in millis or a sentiment score. */
    record Observation(double value) implements ConversationOutput {
    }

    /**
     * How the counts of one group (key = dimension key) change: the conversation left one status count and joined
     * another (-1 and +1), joined one (start) or left one (deletion, a group it no longer belongs to).
     *
     * @param eventTime event time of the change
     */
    record StatusDelta(int open, int pending, int resolved, long eventTime) implements ConversationOutput {

        boolean isZero() {
            return open == 0 && pending == 0 && resolved == 0;
        }
    }
}
