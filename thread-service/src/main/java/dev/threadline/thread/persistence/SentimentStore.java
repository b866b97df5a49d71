package dev.threadline.thread.persistence;

import jakarta.inject.Singleton;
import java.sql.Array;
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
 * <p>The event consumers lock conversation rows for whole batches. So that this feed can never be part of a
 * deadlock with them, it never waits for a lock while holding one: one statement updates the rows nobody holds
 * ({@code SKIP LOCKED}), and each row that was busy is then updated in a transaction of its own, which may wait
 * but holds nothing else.
 *
 * <p>stats-streams reads conversation-events on its own, so an average can arrive before the event that creates its
 * conversation's row. Such an average waits in {@code pending_sentiment} until {@link #applyPending} finds the row
 * (latest value wins there too); a direct write of a newer average clears it, so a stale one is never applied late.
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
     * Sets each conversation's average (null clears it). The average of a conversation not materialised yet is kept
     * pending until its row exists.
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
            Map<String, Double> missing = new HashMap<>();
            if (!busy.isEmpty()) {
                Map<String, Double> existing = existing(connection, busy);
                updateOneByOne(connection, existing);
                busy.forEach((id, average) -> {
                    if (!existing.containsKey(id)) {
                        missing.put(id, average);
                    }
                });
            }
            if (pendingMayExist) {
                forgetPending(connection, averages.keySet().stream().filter(id -> !missing.containsKey(id)).toArray(String[]::new));
            }
            if (!missing.isEmpty()) {
                keepPending(connection, missing);
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
