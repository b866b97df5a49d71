package dev.threadline.thread.projection;

import dev.threadline.thread.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the average user sentiment that stats-streams computes, for each conversation, into
 * {@code conversation_sentiment}, which a conversation read joins by primary key. The table is the feed's alone: it
 * never waits for the projection's row locks, and an average that arrives before its conversation is materialised
 * (stats-streams reads conversation-events on its own) simply has its row first. An average that changes nothing is
 * not written.
 */
@Singleton
public class SentimentStore {

    private final ConversationSentiments sentiments;

    public SentimentStore(ConversationSentiments sentiments) {
        this.sentiments = sentiments;
    }

    /** Sets each conversation's average (null clears it). */
    public void update(Map<String, Double> latest) throws SQLException {
        Map<String, Double> averages = canonicalIds(latest);
        if (averages.isEmpty()) {
            return;
        }
        try {
            sentiments.upsert(averages.keySet().toArray(String[]::new), averages.values().toArray(Double[]::new));
        } catch (RuntimeException e) {
            throw Database.sqlExceptionBeneath(e);
        }
    }

    /** Ids as PostgreSQL prints them, so rows returned match keys; a key that is no UUID names no conversation. */
    private static Map<String, Double> canonicalIds(Map<String, Double> averages) {
        Map<String, Double> canonical = new LinkedHashMap<>();
        for (var average : averages.entrySet()) {
            try {
                canonical.put(UUID.fromString(average.getKey()).toString(), average.getValue());
            } catch (IllegalArgumentException | NullPointerException notAUuid) {
                // Not a conversation of ours.
            }
        }
        return canonical;
    }
}
