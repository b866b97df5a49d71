package dev.threadline.thread.view;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * A conversation as a line of a list. {@code unreadCount} and {@code membership} are the listing
 * participant's own, and null when the list is not a participant's.
 */
@Serdeable
public record ConversationListItem(
        String id,
        String kind,
        @Nullable String title,
        String status,
        String priority,
        List<String> tags,
        @Nullable String createdBy,
        int messageCount,
        long lastSeq,
        @Nullable Instant lastMessageAt,
        @Nullable String lastMessagePreview,
        @Nullable Instant startedAt,
        @Nullable Instant resolvedAt,
        Instant updatedAt,
        @Nullable Long unreadCount,
        @Nullable Membership membership) {

    /** The listing participant's place in the conversation. */
    @Serdeable
    public record Membership(String role, boolean archived, boolean pinned, boolean favorited, boolean muted,
                             long lastReadSeq, @Nullable Instant leftAt) {
    }
}
