package dev.threadline.thread.persistence;

import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes the average user sentiment that stats-streams computes into the conversations it belongs to.
 *
 * <p>The event consumers lock conversation rows for whole batches. So that this feed can never be part of a
 * deadlock with them, it never waits for a lock while holding one: one statement updates the rows nobody holds
 * ({@code SKIP LOCKED}), and each row that was busy is then updated in a transaction of its own, which may wait
 * but holds nothing else.
 */
@Singleton
public class SentimentStore {

    private static final String UPDATE_FREE_ROWS = """
            WITH free AS (
                SELECT c.id FROM conversations c WHERE c.id = ANY (?::text[]::uuid[])
                FOR NO KEY UPDATE SKIP LOCKED
            )
            UPDATE conversations c SET average_sentiment = v.average
            FROM unnest(?::text[]::uuid[], ?::float8[]) AS v(id, average), free
            WHERE c.id = v.id AND free.id = v.id
            RETURNING c.id::text""";

    private static final String UPDATE_ONE = """
            UPDATE conversations SET average_sentiment = ? WHERE id = ?::uuid""";

    private static final String EXISTING = """
            SELECT id::text FROM conversations WHERE id = ANY (?::text[]::uuid[])""";

    private final DataSource dataSource;

    public SentimentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Sets each conversation's average (null clears it). A conversation not materialised yet is
     * skipped; its metrics are republished on its next change.
     */
    public void update(Map<String, Double> latest) throws SQLException {
        Map<String, Double> averages = canonicalIds(latest);
        if (averages.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            Map<String, Double> busy = new HashMap<>(averages);
            String[] ids = averages.keySet().toArray(String[]::new);
            try (PreparedStatement update = connection.prepareStatement(UPDATE_FREE_ROWS)) {
                Array idArray = connection.createArrayOf("text", ids);
                update.setArray(1, idArray);
                update.setArray(2, idArray);
                update.setArray(3, connection.createArrayOf("float8", averages.values().toArray()));
                try (ResultSet updated = update.executeQuery()) {
                    while (updated.next()) {
                        busy.remove(updated.getString(1));
                    }
                }
            }
            if (!busy.isEmpty()) {
                updateOneByOne(connection, existing(connection, busy));
            }
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

    private static Map<String, Double> existing(Connection connection, Map<String, Double> candidates) throws SQLException {
        Map<String, Double> existing = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(EXISTING)) {
            select.setArray(1, connection.createArrayOf("text", candidates.keySet().toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    existing.put(rows.getString(1), candidates.get(rows.getString(1)));
                }
            }
        }
        return existing;
    }

    /** One autocommitted statement per row (not a JDBC batch, which PostgreSQL would run as one transaction). */
    private static void updateOneByOne(Connection connection, Map<String, Double> averages) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE_ONE)) {
            for (var average : averages.entrySet()) {
                update.setObject(1, average.getValue());
                update.setString(2, average.getKey());
                update.executeUpdate();
            }
        }
    }
}
