package dev.threadline.thread.query;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * Where a conversation sits in a list by activity: lists are ordered by {@code pinned} (only with
 * pinnedFirst), then {@code lastMessageAt} newest first with conversations without messages last,
 * then id. A page starts right after the key of the previous page's last row.
 */
public record ActivityKey(boolean pinned, @Nullable Instant lastMessageAt, String conversationId) {
}
