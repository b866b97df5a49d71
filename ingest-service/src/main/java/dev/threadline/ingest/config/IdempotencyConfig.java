package dev.threadline.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * @param retention how long a key and its response are kept; a retry after that is a new request
 * @param lease     how long an in-flight claim is honoured before another instance may take it over
 *                  (its owner presumably died); longer than the delivery timeout
 */
@ConfigurationProperties("threadline.idempotency")
public record IdempotencyConfig(
        @Bindable(defaultValue = "24h") Duration retention,
        @Bindable(defaultValue = "60s") Duration lease) {
}
