package dev.threadline.thread.persistence;

import io.micronaut.data.jdbc.runtime.ConnectionCallback;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.support.DefaultTransactionDefinition;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How the thread service's hand-tuned statements (the projection's bulk writes, the keyset lists, search, the
 * reports) reach PostgreSQL: through micronaut-data-jdbc, the layer its repositories ({@code ConsumerOffsets}) use
 * too, so both share one pool, one connection per transaction and one transaction manager. A statement that joins a
 * transaction already open on this thread runs in it.
 *
 * <p>Failures reach the caller as the {@link SQLException} beneath Micronaut Data's exception, which
 * {@link DatabaseFailure} classifies. After a statement broke its connection, the clean-up of that connection fails
 * too and Micronaut Data reports that failure instead (a "Connection is closed" without a SQLSTATE): it still counts
 * as {@link DatabaseFailure#TRANSIENT}, and the query API answers it 503.
 */
@Singleton
public class Database {

    private final JdbcOperations jdbc;
    private final TransactionOperations<Connection> transactions;

    public Database(JdbcOperations jdbc, TransactionOperations<Connection> transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** Runs {@code work} on the current transaction's connection, or on a pooled connection in auto-commit mode. */
    public <T> T call(ConnectionCallback<T> work) throws SQLException {
        try {
            return jdbc.execute(work);
        } catch (RuntimeException e) {
            throw sqlExceptionBeneath(e);
        }
    }

    /**
     * Runs {@code work} in one transaction, which commits if it returns and rolls back if it throws; repositories called
     * inside it join it.
     */
    public <T> T inTransaction(ConnectionCallback<T> work) throws SQLException {
        try {
            return transactions.executeWrite(status -> jdbc.execute(work));
        } catch (RuntimeException e) {
            throw sqlExceptionBeneath(e);
        }
    }

    /**
     * Runs {@code work} in a read-only transaction at {@code REPEATABLE READ}: every statement of it sees one snapshot,
     * so a row written between two of them shows up in neither or in both.
     */
    public <T> T inSnapshot(ConnectionCallback<T> work) throws SQLException {
        try {
            return transactions.execute(SNAPSHOT, status -> jdbc.execute(work));
        } catch (RuntimeException e) {
            throw sqlExceptionBeneath(e);
        }
    }

    private static final TransactionDefinition SNAPSHOT = snapshot();

    private static TransactionDefinition snapshot() {
        DefaultTransactionDefinition snapshot = new DefaultTransactionDefinition();
        snapshot.setIsolationLevel(TransactionDefinition.Isolation.REPEATABLE_READ);
        snapshot.setReadOnly(true);
        snapshot.setName("snapshot");
        return snapshot;
    }

    /**
     * The JDBC failure beneath Micronaut Data's exception. An exception without one (such as the projection's
     * {@code StaleBatchException}) is not a database failure and goes on up as it is.
     */
    public static SQLException sqlExceptionBeneath(RuntimeException failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
        }
        throw failure;
    }
}
