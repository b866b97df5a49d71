package dev.threadline.stats.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.analytics.ConversationMetrics;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** One conversation's metrics as {@code GET /v1/stats/conversations/{id}} returns them (see {@code ConversationMetrics}). */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ConversationMetricsView(
        String conversationId,
        @Nullable String tenant,
        @Nullable String kind,
        @Nullable String priority,
        @Nullable String status,
        @Nullable Instant startedAt,
        @Nullable Instant firstResponseAt,
        @Nullable Long firstResponseMillis,
        @Nullable Instant resolvedAt,
        @Nullable Long resolutionMillis,
        @Nullable Long lastCycleResolutionMillis,
        int resolveCount,
        int reopenCount,
        int userMessages,
        int responderMessages,
        int assistantMessages,
        int systemMessages,
        double userSentimentSum,
        int userSentimentCount,
        @Nullable Double averageUserSentiment,
        double responderSentimentSum,
        int responderSentimentCount,
        Instant updatedAt) {

    static ConversationMetricsView of(ConversationMetrics m) {
        return new ConversationMetricsView(m.getConversationId(), m.getTenant(), name(m.getKind()), name(m.getPriority()),
                name(m.getStatus()), m.getStartedAt(), m.getFirstResponseAt(), m.getFirstResponseMillis(), m.getResolvedAt(),
                m.getResolutionMillis(), m.getLastCycleResolutionMillis(), m.getResolveCount(), m.getReopenCount(),
                m.getUserMessages(), m.getResponderMessages(), m.getAssistantMessages(), m.getSystemMessages(),
                m.getUserSentimentSum(), m.getUserSentimentCount(), m.getAverageUserSentiment(),
                m.getResponderSentimentSum(), m.getResponderSentimentCount(), m.getUpdatedAt());
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
