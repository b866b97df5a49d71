package dev.threadline.stats.topology;

import dev.threadline.stats.config.WindowSpec;

/**
 * The names of stats-streams' state stores, in one place: the topology creates them under these names and the
 * interactive queries look them up by the same names. Every store is changelogged, so a restarted or moved task
 * restores it from Kafka.
 */
public final class StatsStores {

    /** Per-conversation state, key = conversation id: what {@code ConversationMetrics} is computed from. */
    public static final String CONVERSATIONS = "conversations";

    /**
     * Per-message state of the messages beyond the first {@link ConversationMessages#INLINE} of a conversation (those
     * are in its state), key = conversation id + '/' + message id: role, event time, sentiment, deleted.
     */
    public static final String MESSAGES = "conversation-messages";

    /**
     * Per task, what the per-conversation processor emits next ({@link ConversationOutbox}): changed conversations,
     * pre-aggregated observations and status moves; empty most of the time.
     */
    public static final String OUTBOX = "conversation-outbox";

    /**
     * Per task, the users erased so far (docs/lifecycle.md), key = tenant + NUL + the hex fingerprint of the user id
     * ({@link MessageAuthors}), value = the fingerprint of the pseudonym that stands for them, or
     * {@link MessageAuthors#NONE}. Small: one entry per erasure.
     */
    public static final String ERASED_USERS = "erased-users";

    /** Open/pending/resolved counts, key = dimension|value (e.g. {@code kind|support}). */
    public static final String STATUS_COUNTS = "status-counts";

    private static final String METRIC_AGGREGATES_PREFIX = "metric-aggregates-";

    private StatsStores() {
    }

    /**
     * The window store of one window size, key = metric|dimension|value (e.g. {@code sentiment|priority|high}),
     * e.g. {@code metric-aggregates-1h}.
     */
    public static String metricAggregates(WindowSpec window) {
        return METRIC_AGGREGATES_PREFIX + window.name();
    }
}
