package dev.threadline.ingest.command;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The 202 answer to an accepted erasure: the pseudonym that now stands for the user (null if nobody does), whether
 * content is redacted, and where Kafka stored the erasure in each partition of conversation-events.
 */
@Serdeable
public record Erasure(String userId, @Nullable String replacement, boolean redactContent, List<PublishedEvent> events) {
}
