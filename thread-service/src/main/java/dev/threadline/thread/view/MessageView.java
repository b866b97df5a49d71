package dev.threadline.thread.view;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Map;

/** A message as readers see it; {@code seq} is its position in the conversation, from 1. */
@Serdeable.Serializable(using = MessageViewSerializer.class)
@Serdeable.Deserializable
public record MessageView(
        String id,
        String conversationId,
        long seq,
        @Nullable String senderId,
        String senderRole,
        String content,
        String contentType,
        @Nullable Integer tokensUsed,
        @Nullable String model,
        @Nullable String replyTo,
        Map<String, String> attributes,
        Instant createdAt,
        Instant ingestedAt,
        @Nullable Instant editedAt) {
}
