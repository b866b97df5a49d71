package dev.threadline.thread.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Writes the average user sentiment that stats-streams computes into the conversations it belongs to.
 *
 * <p>The event consumers lock conversation rows for whole batches, and they are busy rows: stats-streams publishes a
 * conversation's metrics after its changes. So that this feed never waits for them (nor they for it, nor the two
 * deadlock), it never waits for a lock at all: one statement updates the rows nobody holds ({@code SKIP LOCKED}) whose
 * average differs, and whatever it could not settle — a busy row, or a conversation not materialised yet, since
 * stats-streams reads conversation-events on its own — waits in {@code pending_sentiment} (latest value wins) until
 * {@link #applyPending}, once a second, finds its row free. A direct write of a newer average clears a pending one, so
 * a stale one is never applied late.
 */
@Singleton
public class SentimentStore {

    /** Updates the free rows whose average changes; returns the ids it did not settle (busy or missing rows). */
    private static final String UPDATE_FREE_ROWS = """
            WITH wanted AS (
                SELECT * FROM unnest(?::text[]::uuid[], ?::float8[]) AS v(id, average)
            ), free AS (
                SELECT c.id FROM conversations c JOIN wanted w ON w.id = c.id
                WHERE c.average_sentiment IS DISTINCT FROM w.average
                FOR NO KEY UPDATE OF c SKIP LOCKED
            ), updated AS (
                UPDATE conversations c SET average_sentiment = w.average FROM wanted w, free
                WHERE c.id = w.id AND free.id = w.id
                RETURNING c.id
            )
            SELECT w.id::text FROM wanted w
            WHERE NOT EXISTS (SELECT 1 FROM updated u WHERE u.id = w.id)
              AND NOT EXISTS (SELECT 1 FROM conversations c
                              WHERE c.id = w.id AND c.average_sentiment IS NOT DISTINCT FROM w.average)""";

    private static final String KEEP_PENDING = """
            INSERT INTO pending_sentiment (conversation_id, average)
            SELECT * FROM unnest(?::text[]::uuid[], ?::float8[])
            ON CONFLICT (conversation_id) DO UPDATE SET average = EXCLUDED.average, received_at = now()""";

    private static final String FORGET_PENDING = """
            DELETE FROM pending_sentiment WHERE conversation_id = ANY (?::text[]::uuid[])""";

    /** Pending averages whose row nobody holds are applied and deleted in one statement; busy rows wait a round. */
    private static final String APPLY_PENDING = """
            WITH ready AS (
                SELECT c.id, p.average FROM pending_sentiment p JOIN conversations c ON c.id = p.conversation_id
                LIMIT 10000
                FOR NO KEY UPDATE OF c SKIP LOCKED
            ), applied AS (
                UPDATE conversations c SET average_sentiment = ready.average FROM ready
                WHERE c.id = ready.id
                RETURNING c.id
            )
            DELETE FROM pending_sentiment p USING applied WHERE p.conversation_id = applied.id""";

    /** A conversation whose events were all dead-lettered never gets a row; its average is not kept for ever. */
    private static final String EXPIRE_PENDING = """
            DELETE FROM pending_sentiment WHERE received_at < now() - interval '7 days'""";

    private static final String ANY_PENDING = """
            SELECT EXISTS (SELECT 1 FROM pending_sentiment)""";

    private final DataSource dataSource;
    /** Whether pending_sentiment may hold rows; true at start, since an earlier run may have left some. */
    private volatile boolean pendingMayExist = true;

    public SentimentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Sets each conversation's average (null clears it): at once where the row is free, else once {@link #applyPending}
     * finds it free (or, for a conversation not materialised yet, once it exists).
     */
    public void update(Map<String, Double> latest) throws SQLException {
        Map<String, Double> averages = canonicalIds(latest);
        if (averages.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            Map<String, Double> unsettled = new HashMap<>();
            try (PreparedStatement update = connection.prepareStatement(UPDATE_FREE_ROWS)) {
                update.setArray(1, connection.createArrayOf("text", averages.keySet().toArray()));
                update.setArray(2, connection.createArrayOf("float8", averages.values().toArray()));
                try (ResultSet rows = update.executeQuery()) {
                    while (rows.next()) {
                        unsettled.put(rows.getString(1), averages.get(rows.getString(1)));
                    }
                }
            }
            if (pendingMayExist) {
                forgetPending(connection, averages.keySet().stream().filter(id -> !unsettled.containsKey(id)).toArray(String[]::new));
            }
            if (!unsettled.isEmpty()) {
                keepPending(connection, unsettled);
            }
        }
    }

    /**
     * Applies the pending averages whose conversations exist by now, and drops those older than a week.
     *
     * @return whether some are still pending
     */
    public boolean applyPending() throws SQLException {
        if (!pendingMayExist) {
            return false;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate(APPLY_PENDING);
                statement.executeUpdate(EXPIRE_PENDING);
                try (ResultSet any = statement.executeQuery(ANY_PENDING)) {
                    any.next();
                    pendingMayExist = any.getBoolean(1);
                }
            }
        }
        return pendingMayExist;
    }

    private void keepPending(Connection connection, Map<String, Double> missing) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(KEEP_PENDING)) {
            insert.setArray(1, connection.createArrayOf("text", missing.keySet().toArray()));
            insert.setArray(2, connection.createArrayOf("float8", missing.values().toArray()));
            insert.executeUpdate();
        }
        pendingMayExist = true;
    }

    private static void forgetPending(Connection connection, String[] written) throws SQLException {
        if (written.length == 0) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(FORGET_PENDING)) {
            delete.setArray(1, connection.createArrayOf("text", written));
            delete.executeUpdate();
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
