package dev.threadline.thread.view;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * What a live client is told about an applied event: its type (the payload record's name) and
 * id, and for a message event the message: all of it when posted, the new content when edited,
 * the id when deleted. {@code seq} is a posted message's position as stored, null for other
 * events and if it could not be looked up.
 */
@Serdeable
public record LiveEvent(
        String type,
        String eventId,
        String conversationId,
        Instant occurredAt,
        @Nullable String actorId,
        @Nullable String messageId,
        @Nullable Long seq,
        @Nullable String senderId,
        @Nullable String senderRole,
        @Nullable String content) {
}
