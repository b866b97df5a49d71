package dev.threadline.ingest.persistence;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Idempotency keys in PostgreSQL, shared by every ingest instance and kept across restarts.
 * A key is claimed atomically (the primary key decides between concurrent instances), then
 * completed with the response or released if publishing failed. The statements are
 * {@link IdempotencyKeys}, a Micronaut Data repository; a claim runs them in one transaction.
 *
 * <p>After PostgreSQL restarted, the pool still holds connections to the old server: a statement
 * that finds its connection broken evicts every idle pooled connection and is retried once on a
 * new one. A database that does not answer is not retried here: the pool's connection timeout
 * already bounds that wait. Failures reach the caller as the {@link SQLException} beneath them.
 */
@Singleton
public class IdempotencyStore {

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

    private final IdempotencyKeys keys;
    private final TransactionOperations<Connection> transactions;
    private final DataSource dataSource;

    public IdempotencyStore(IdempotencyKeys keys, TransactionOperations<Connection> transactions, DataSource dataSource) {
        this.keys = keys;
        this.transactions = transactions;
        this.dataSource = dataSource;
    }

    public Claim claim(String key, byte[] fingerprint, Instant now, Duration lease) throws SQLException {
        return onFreshConnectionIfBroken(() -> transactions.executeWrite(status -> claimed(key, fingerprint, now, lease)));
    }

    private Claim claimed(String key, byte[] fingerprint, Instant now, Duration lease) {
        if (keys.claim(key, fingerprint, now.plus(lease), now) == 1) {
            return new Claim.Claimed();
        }
        Optional<IdempotencyKey> found = keys.findForUpdate(key);
        if (found.isEmpty()) {
            // Released or expired between our insert and read: the caller may simply retry.
            return new Claim.InProgress();
        }
        IdempotencyKey row = found.get();
        if (!Arrays.equals(row.fingerprint(), fingerprint)) {
            return new Claim.Mismatch();
        }
        if (IdempotencyKey.DONE.equals(row.state())) {
            return new Claim.Replay(row.response());
        }
        if (row.leaseUntil().isAfter(now)) {
            return new Claim.InProgress();
        }
        // The claim of an instance that died: take it over.
        keys.update(key, now.plus(lease));
        return new Claim.Claimed();
    }

    public void complete(String key, String response) throws SQLException {
        onFreshConnectionIfBroken(() -> keys.update(key, IdempotencyKey.DONE, response));
    }

    public void release(String key) throws SQLException {
        onFreshConnectionIfBroken(() -> keys.deleteByIdempotencyKeyAndState(key, IdempotencyKey.IN_FLIGHT));
    }

    /** Forgets keys created before {@code cutoff}; returns how many. */
    public int expire(Instant cutoff) throws SQLException {
        return onFreshConnectionIfBroken(() -> keys.deleteByCreatedAtLessThan(cutoff));
    }

    private <T> T onFreshConnectionIfBroken(Supplier<T> work) throws SQLException {
        try {
            return work.get();
        } catch (RuntimeException e) {
            if (!brokenConnection(e)) {
                throw sqlCause(e);
            }
            evictPooledConnections();
            try {
                return work.get();
            } catch (RuntimeException again) {
                throw sqlCause(again);
            }
        }
    }

    /** The JDBC failure beneath Micronaut Data's exception; anything else is not a database failure and goes on up. */
    private static SQLException sqlCause(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        throw e;
    }

    /** Closes the pool's idle connections (and those in use once returned): they lead to a server that is gone. */
    private void evictPooledConnections() throws SQLException {
        DataSource target = DelegatingDataSource.unwrapDataSource(dataSource);
        if (target.isWrapperFor(HikariDataSource.class)) {
            HikariPoolMXBean pool = target.unwrap(HikariDataSource.class).getHikariPoolMXBean();
            if (pool != null) {
                pool.softEvictConnections();
            }
        }
    }

    /**
     * A pooled connection that led to a server which is gone: SQLSTATE class 08, or Micronaut Data failing to prepare or
     * reset a connection (after a statement broke the connection, its clean-up fails on the closed connection and that
     * failure, without a SQLSTATE, is what reaches us). The pool's own timeout means no connection at all, and is not
     * worth a retry.
     */
    private static boolean brokenConnection(RuntimeException failure) {
        boolean broken = false;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException) {
                return false;
            }
            broken |= cause instanceof ConnectionException
                    || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08");
        }
        return broken;
    }
}
