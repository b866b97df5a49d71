package dev.threadline.stats.topology;

import dev.threadline.analytics.ConversationMetrics;

/**
 * What {@link ConversationMetricsProcessor} emits from its {@link ConversationOutbox} every publish interval, each kind
 * to its own branch of the topology: conversations' latest metrics, observations pre-aggregated per series and time
 * bucket for the windowed aggregates, and the summed moves between status counts.
 */
sealed interface ConversationOutput {

    /** A conversation's latest metrics, key = conversation id; {@code null} when it was deleted. */
    record MetricsUpdate(ConversationMetrics metrics) implements ConversationOutput {
    }

    /**
     * Observations of a series (key = series key) that fall into one window of each size, at the record's timestamp
     * (the latest of their event times): times in millis or sentiment scores.
     */
    record Observations(MetricAggregate aggregate) implements ConversationOutput {
    }

    /**
     * How the counts of one group (key = dimension key) change: a conversation left one status count and joined
     * another (-1 and +1), joined one (start) or left one (deletion, a group it no longer belongs to); or the sum of
     * such moves, which may be zero and still moves {@code updated_at}.
     *
     * @param eventTime event time of the change (the latest one of a sum)
     */
    record StatusDelta(int open, int pending, int resolved, long eventTime) implements ConversationOutput {

        boolean isZero() {
            return open == 0 && pending == 0 && resolved == 0;
        }
    }
}
