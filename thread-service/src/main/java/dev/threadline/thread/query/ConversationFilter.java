package dev.threadline.thread.query;

import io.micronaut.core.annotation.Nullable;

/**
 * What a conversation list shows; a null field does not filter. The flags {@code archived},
 * {@code pinned} and {@code favorited} are a participant's own, so they need {@code participant}.
 *
 * @param includeLeft  also list conversations the participant has left (by default they are not)
 * @param pinnedFirst  the participant's pinned conversations first, each part by activity
 */
public record ConversationFilter(
        @Nullable String participant,
        @Nullable String status,
        @Nullable String priority,
        @Nullable String kind,
        @Nullable Boolean archived,
        @Nullable Boolean pinned,
        @Nullable Boolean favorited,
        @Nullable String tag,
        boolean includeLeft,
        boolean pinnedFirst) {

    /** Every conversation that is not deleted, newest activity first. */
    public static ConversationFilter everything() {
        return new ConversationFilter(null, null, null, null, null, null, null, null, false, false);
    }

    /** A participant's conversations, newest activity first. */
    public static ConversationFilter of(String participant) {
        return new ConversationFilter(participant, null, null, null, null, null, null, null, false, false);
    }

    ConversationFilter withPinned(boolean value) {
        return new ConversationFilter(participant, status, priority, kind, archived, value, favorited, tag, includeLeft, pinnedFirst);
    }
}
