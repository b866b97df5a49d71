package dev.threadline.thread.view;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A conversation as readers see it: its description, members' count aside, and its counters. */
@Serdeable
public record ConversationView(
        String id,
        @Nullable String tenant,
        String kind,
        @Nullable String title,
        String status,
        String priority,
        @Nullable String createdBy,
        Map<String, String> attributes,
        @Nullable String model,
        @Nullable Integer contextWindow,
        @Nullable String summary,
        List<String> keyTopics,
        List<String> tags,
        MessageCounts messageCounts,
        long totalTokens,
        @Nullable Instant lastMessageAt,
        @Nullable String lastMessagePreview,
        @Nullable Instant startedAt,
        @Nullable Instant firstResponseAt,
        @Nullable Instant resolvedAt,
        int reopenCount,
        @Nullable Double averageSentiment,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant deletedAt,
        List<ParticipantView> participants) {

    /** Messages by who wrote them; responders are agents and admins. */
    @Serdeable
    public record MessageCounts(int total, int user, int responder, int assistant, int system) {
    }

    @Serdeable
    public record ParticipantView(String userId, String role, Instant joinedAt, @Nullable Instant leftAt,
                                  long lastReadSeq) {
    }
}
