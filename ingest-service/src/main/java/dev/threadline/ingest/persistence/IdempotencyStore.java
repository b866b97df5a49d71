package dev.threadline.ingest.persistence;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import javax.sql.DataSource;

/**
 * Idempotency keys in PostgreSQL, shared by every ingest instance and kept across restarts.
 * A key is claimed atomically (the primary key decides between concurrent instances), then
 * completed with the response or released if publishing failed.
 *
 * <p>After PostgreSQL restarted, the pool still holds connections to the old server: a statement
 * that finds its connection broken evicts every idle pooled connection and is retried once on a
 * new one. A database that does not answer is not retried here: the pool's connection timeout
 * already bounds that wait.
 */
@Singleton
public class IdempotencyStore {

    private static final String CLAIM = """
            INSERT INTO ingest.idempotency_keys (idempotency_key, fingerprint, state, lease_until, created_at)
            VALUES (?, ?, 'in_flight', ?, ?) ON CONFLICT (idempotency_key) DO NOTHING""";
    private static final String READ = """
            SELECT fingerprint, state, lease_until, response FROM ingest.idempotency_keys
            WHERE idempotency_key = ? FOR UPDATE""";
    private static final String TAKE_OVER = """
            UPDATE ingest.idempotency_keys SET lease_until = ? WHERE idempotency_key = ?""";
    private static final String COMPLETE = """
            UPDATE ingest.idempotency_keys SET state = 'done', response = ? WHERE idempotency_key = ?""";
    private static final String RELEASE = """
            DELETE FROM ingest.idempotency_keys WHERE idempotency_key = ? AND state = 'in_flight'""";
    private static final String EXPIRE = """
            DELETE FROM ingest.idempotency_keys WHERE created_at < ?""";

    /** What a claim found. */
    public sealed interface Claim {
        /** The caller owns the key now and must complete or release it. */
        record Claimed() implements Claim {
        }

        /** The same request finished before; here is its response. */
        record Replay(String response) implements Claim {
        }

        /** The same request is being executed right now by someone else. */
        record InProgress() implements Claim {
        }

        /** The key was used for a different request. */
        record Mismatch() implements Claim {
        }
    }

    private final DataSource dataSource;

    public IdempotencyStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Claim claim(String key, byte[] fingerprint, Instant now, Duration lease) throws SQLException {
        return onFreshConnectionIfBroken(() -> {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                try {
                    Claim claim = claim(connection, key, fingerprint, now, lease);
                    connection.commit();
                    return claim;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(connection, e);
                    throw e;
                }
            }
        });
    }

    /** A unit of work on one connection. */
    private interface Work<T> {
        T run() throws SQLException;
    }

    private <T> T onFreshConnectionIfBroken(Work<T> work) throws SQLException {
        try {
            return work.run();
        } catch (SQLException e) {
            if (!brokenConnection(e)) {
                throw e;
            }
            evictPooledConnections();
            return work.run();
        }
    }

    /** Closes the pool's idle connections (and those in use once returned): they lead to a server that is gone. */
    private void evictPooledConnections() throws SQLException {
        if (dataSource.isWrapperFor(HikariDataSource.class)) {
            HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
            if (pool != null) {
                pool.softEvictConnections();
            }
        }
    }

    /** SQLSTATE class 08 on a pooled connection, not the pool's own timeout (which means no connection at all). */
    private static boolean brokenConnection(SQLException e) {
        return !(e instanceof SQLTransientConnectionException) && e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException rollback) {
            failure.addSuppressed(rollback);
        }
    }

    private static Claim claim(Connection connection, String key, byte[] fingerprint, Instant now, Duration lease) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(CLAIM)) {
            insert.setString(1, key);
            insert.setBytes(2, fingerprint);
            insert.setTimestamp(3, Timestamp.from(now.plus(lease)));
            insert.setTimestamp(4, Timestamp.from(now));
            if (insert.executeUpdate() == 1) {
                return new Claim.Claimed();
            }
        }
        try (PreparedStatement read = connection.prepareStatement(READ)) {
            read.setString(1, key);
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    // Released or expired between our insert and read: the caller may simply retry.
                    return new Claim.InProgress();
                }
                if (!Arrays.equals(row.getBytes("fingerprint"), fingerprint)) {
                    return new Claim.Mismatch();
                }
                if ("done".equals(row.getString("state"))) {
                    return new Claim.Replay(row.getString("response"));
                }
                if (row.getTimestamp("lease_until").toInstant().isAfter(now)) {
                    return new Claim.InProgress();
                }
            }
        }
        try (PreparedStatement takeOver = connection.prepareStatement(TAKE_OVER)) {
            takeOver.setTimestamp(1, Timestamp.from(now.plus(lease)));
            takeOver.setString(2, key);
            takeOver.executeUpdate();
            return new Claim.Claimed();
        }
    }

    public void complete(String key, String response) throws SQLException {
        update(COMPLETE, response, key);
    }

    public void release(String key) throws SQLException {
        update(RELEASE, key);
    }

    /** Forgets keys created before {@code cutoff}; returns how many. */
    public int expire(Instant cutoff) throws SQLException {
        return update(EXPIRE, Timestamp.from(cutoff));
    }

    private int update(String sql, Object... parameters) throws SQLException {
        return onFreshConnectionIfBroken(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            }
        });
    }
}
