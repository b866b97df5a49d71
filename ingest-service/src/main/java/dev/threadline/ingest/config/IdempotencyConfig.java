package dev.threadline.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * @param retention how long a key and its response are kept; a retry after that is a new request
 * @param lease     how long an in-flight claim is honoured before another instance may take it over
 *                  (its owner presumably died, or never learned whether its commit went through);
 *                  longer than {@code threadline.kafka.publish-timeout} plus
 *                  {@code threadline.kafka.transaction-timeout}, so that a commit of unknown outcome is
 *                  decided before a retry may publish again
 */
@ConfigurationProperties("threadline.idempotency")
public record IdempotencyConfig(
        @Bindable(defaultValue = "24h") Duration retention,
        @Bindable(defaultValue = "60s") Duration lease) {
}
