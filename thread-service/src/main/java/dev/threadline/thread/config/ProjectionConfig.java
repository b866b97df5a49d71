package dev.threadline.thread.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Bounds on the projection's database transactions, so that no batch waits without end on a lock or a slow
 * statement: past them PostgreSQL cancels the statement, the batch is rolled back and retried (smaller).
 *
 * @param statementTimeout longest one statement of a batch may run ({@code statement_timeout})
 * @param lockTimeout      longest one statement of a batch may wait for a row lock ({@code lock_timeout})
 */
@ConfigurationProperties("threadline.projection")
public record ProjectionConfig(
        @Bindable(defaultValue = "60s") Duration statementTimeout,
        @Bindable(defaultValue = "10s") Duration lockTimeout) {
}
