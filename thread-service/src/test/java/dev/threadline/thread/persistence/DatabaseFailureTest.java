package dev.threadline.thread.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseFailureTest {

    @ParameterizedTest
    @ValueSource(strings = {"40P01", "40001", "55P03", "57014", "57P01", "57P03", "53300", "08006", "08001", "42P01"})
    void busyGoneOrLockedDatabaseIsTransient(String state) {
        assertThat(DatabaseFailure.of(new SQLException("x", state))).isEqualTo(DatabaseFailure.TRANSIENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"22021", "22P02", "22003", "23505", "23503", "23514"})
    void dataTheSchemaCannotHoldIsCausedByTheInput(String state) {
        assertThat(DatabaseFailure.of(new SQLException("x", state))).isEqualTo(DatabaseFailure.CAUSED_BY_INPUT);
    }

    @Test
    void poolWithoutConnectionIsTransient() {
        assertThat(DatabaseFailure.of(new SQLTransientConnectionException("pool timed out"))).isEqualTo(DatabaseFailure.TRANSIENT);
    }

    @Test
    void batchFailureIsClassifiedByTheStatementThatFailedInIt() {
        BatchUpdateException batch = new BatchUpdateException("batch failed", null, new int[0]);
        batch.setNextException(new SQLException("invalid byte sequence", "22021"));

        assertThat(DatabaseFailure.sqlState(batch)).isEqualTo("22021");
        assertThat(DatabaseFailure.of(batch)).isEqualTo(DatabaseFailure.CAUSED_BY_INPUT);
    }
}
