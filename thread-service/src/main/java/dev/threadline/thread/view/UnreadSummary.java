package dev.threadline.thread.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * A user's unread messages: {@code total} over every conversation they are in, and per
 * conversation for the {@code conversations} with unread messages, newest activity first, up to
 * the limit asked for; {@code unreadConversations} says how many there are in all.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record UnreadSummary(String userId, long total, long unreadConversations, List<Conversation> conversations) {

    @Serdeable
    public record Conversation(String conversationId, long unreadCount, long lastReadSeq, long lastSeq,
                               @Nullable Instant lastMessageAt) {
    }
}
