package dev.threadline.ingest.command;

import dev.threadline.ingest.command.PublishedEvent;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The 202 answer to an accepted command: the ids Threadline assigned and where Kafka stored each event. */
@Serdeable
public record Accepted(String conversationId, @Nullable String messageId, List<PublishedEvent> events) {
}
