package dev.threadline.thread.projection;

import dev.threadline.thread.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
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

    /** In id order, so that two instances writing the same rows during a rebalance lock them in the same order. */
    private static final String UPSERT = """
            INSERT INTO conversation_sentiment (conversation_id, average)
            SELECT * FROM unnest(?::text[]::uuid[], ?::float8[]) AS v(id, average) ORDER BY v.id
            ON CONFLICT (conversation_id) DO UPDATE SET average = EXCLUDED.average
            WHERE conversation_sentiment.average IS DISTINCT FROM EXCLUDED.average""";

    private final Database database;

    public SentimentStore(Database database) {
        this.database = database;
    }

    /** Sets each conversation's average (null clears it). */
    public void update(Map<String, Double> latest) throws SQLException {
        Map<String, Double> averages = canonicalIds(latest);
        if (averages.isEmpty()) {
            return;
        }
        database.call(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                upsert.setArray(1, connection.createArrayOf("text", averages.keySet().toArray()));
                upsert.setArray(2, connection.createArrayOf("float8", averages.values().toArray()));
                return upsert.executeUpdate();
            }
        });
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
