package dev.threadline.thread.projection;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.util.UUID;

/** A row of {@code conversation_sentiment} (Flyway's {@code V6}): a conversation's average user sentiment, if any. */
@MappedEntity("conversation_sentiment")
public record ConversationSentiment(@Id UUID conversationId, @Nullable Double average) {
}
