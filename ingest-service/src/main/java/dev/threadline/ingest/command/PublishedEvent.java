package dev.threadline.ingest.command;

import io.micronaut.serde.annotation.Serdeable;

/** Where Kafka stored an accepted event: the caller's receipt. */
@Serdeable
public record PublishedEvent(String eventId, String type, int partition, long offset) {
}
