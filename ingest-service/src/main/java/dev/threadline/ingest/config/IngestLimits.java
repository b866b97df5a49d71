package dev.threadline.ingest.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The limits the command rules enforce.
 *
 * @param maxContentBytes  largest message content, in UTF-8 bytes
 * @param maxClockSkew     how far in the future a caller's {@code occurredAt} may lie (the caller's clock may run ahead)
 * @param maxBackdating    how far in the past it may lie (late delivery, imports)
 * @param maxBatchItems    most commands in one {@code POST /v1/batch}
 */
@ConfigurationProperties("threadline.ingest")
public record IngestLimits(
        @Bindable(defaultValue = "32768") int maxContentBytes,
        @Bindable(defaultValue = "5m") Duration maxClockSkew,
        @Bindable(defaultValue = "30d") Duration maxBackdating,
        @Bindable(defaultValue = "500") int maxBatchItems) {
}
