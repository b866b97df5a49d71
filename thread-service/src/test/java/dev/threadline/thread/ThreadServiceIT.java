package dev.threadline.thread;

import dev.threadline.testkit.Eventually;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the thread service's integration tests: the service runs in the test's application context on a database of
 * the test's own, fed through the real broker by {@link ThreadTestSupport}, and is asked over HTTP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ThreadServiceIT implements TestPropertyProvider {

    final ThreadTestSupport support = new ThreadTestSupport();

    /** A suffix that keeps this run's users apart from an earlier run's on an external broker. */
    final String run = UUID.randomUUID().toString().substring(0, 8);

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    DataSource dataSource;

    /**
     * A connection to the service's database from its pool, beside the service's data layer (micronaut-data-jdbc lends
     * connections only inside its own transactions): what a test reads or holds with it, it reads or holds as another
     * client would.
     */
    Connection databaseConnection() throws SQLException {
        return DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
    }

    private final String database;

    ThreadServiceIT(String database) {
        this.database = database;
    }

    @Override
    public Map<String, String> getProperties() {
        return ThreadTestSupport.properties(database);
    }

    /**
     * Waits until the search indexer has indexed everything the read model has applied: its stored
     * offsets reach the read model's in every partition. Call after {@link ThreadTestSupport#sync}.
     */
    void awaitSearchIndex() {
        Eventually.eventually(() -> {
            try (Connection connection = databaseConnection();
                 Statement statement = connection.createStatement();
                 ResultSet behind = statement.executeQuery("""
                         SELECT count(*) FROM consumer_offsets r
                         LEFT JOIN consumer_offsets s ON s.consumer_group = r.consumer_group || '-search'
                                                     AND s.topic = r.topic AND s.partition = r.partition
                         WHERE r.consumer_group NOT LIKE '%-search' AND r.topic = 'conversation-events'
                           AND (s.next_offset IS NULL OR s.next_offset < r.next_offset)""")) {
                behind.next();
                return behind.getLong(1) == 0 ? Boolean.TRUE : null;
            } catch (SQLException e) {
                return null;
            }
        });
    }

    @AfterAll
    void closeSupport() {
        support.close();
    }
}
