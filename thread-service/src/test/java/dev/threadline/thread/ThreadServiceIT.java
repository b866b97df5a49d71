package dev.threadline.thread;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
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

    private final String database;

    ThreadServiceIT(String database) {
        this.database = database;
    }

    @Override
    public Map<String, String> getProperties() {
        return ThreadTestSupport.properties(database);
    }

    @AfterAll
    void closeSupport() {
        support.close();
    }
}
