package dev.threadline.thread.persistence;

import java.sql.SQLException;

/**
 * Why PostgreSQL refused work, classified where the error is caught: it decides whether a unit of work is
 * retried as a whole or its input is rejected.
 *
 * <p>Only a data exception (SQLSTATE class 22: a value the column cannot hold) or an integrity violation (class 23)
 * is caused by the input. Everything else — deadlocks (40P01), serialization failures (40001), lock timeouts (55P03),
 * cancellations and statement timeouts (57014), a server shutting down or starting (57P0x), too many connections
 * (53300), connection errors (class 08), a pool that had no connection to give, and errors we do not know — says the
 * database is busy, gone or in a lock cycle, or that our own code is wrong; none of them is a reason to give up on
 * an event, so the work is retried.
 *
 * <p>Shared: the projection retries or rejects by it, and the query API's {@code DatabaseErrorHandler} tells by it
 * (and {@link #sqlState}) a database that is away or busy (503) from a failed query (500).
 */
public enum DatabaseFailure {

    /** The database, not the data, is at fault: roll back and retry the whole unit of work later. */
    TRANSIENT,

    /** The data breaks a rule of the schema: retrying cannot help, the input is rejected. */
    CAUSED_BY_INPUT;

    public static DatabaseFailure of(SQLException error) {
        String state = sqlState(error);
        if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
            return CAUSED_BY_INPUT;
        }
        return TRANSIENT;
    }

    /** The SQLSTATE of the error or, for a batch, of the statement that failed in it. */
    public static String sqlState(SQLException error) {
        for (SQLException current = error; current != null; current = current.getNextException()) {
            if (current.getSQLState() != null) {
                return current.getSQLState();
            }
            if (current.getNextException() == current) {
                break;
            }
        }
        return error.getCause() instanceof SQLException cause && cause != error ? sqlState(cause) : null;
    }
}
