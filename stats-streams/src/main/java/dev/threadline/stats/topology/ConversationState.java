package dev.threadline.stats.topology;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import java.time.Instant;
import java.util.List;

/**
 * What stats-streams keeps per conversation in the {@link StatsStores#CONVERSATIONS} store: the description needed to
 * group it (tenant, kind, priority, status), the times its metrics are measured from and its running counts and
 * sentiment sums. {@link #toMetrics(String)} turns it into the published {@code ConversationMetrics}.
 *
 * <p>Public for the interactive queries, which read it from the store; only this package changes it.
 *
 * <p>Mutable on purpose: {@link ConversationMetricsProcessor} changes the state in its {@link ConversationStore} for one
 * event, on one stream thread, holding the store's lock. Times are event times in epoch millis; {@code null} means not (yet) known.
 */
public final class ConversationState {

    String tenant;
    ConversationKind kind;
    Priority priority;
    ConversationStatus status;
    Long startedAt;
    Long firstResponseAt;
    Long resolvedAt;
    Long resolutionMillis;
    Long lastCycleResolutionMillis;
    Long lastReopenAt;
    int resolveCount;
    int reopenCount;
    int userMessages;
    int responderMessages;
    int assistantMessages;
    int systemMessages;
    double userSentimentSum;
    int userSentimentCount;
    double responderSentimentSum;
    int responderSentimentCount;
    long updatedAt = Long.MIN_VALUE;
    boolean deleted;
    /** The messages the state holds itself ({@link ConversationMessages}). */
    InlineMessages messages = new InlineMessages();
    /** Whether some of the conversation's messages are in the messages store. */
    boolean messagesInStore;
    private ConversationGroups groups = ConversationGroups.NONE;
    /** What the state took in the conversations store's cache when it was put there last. */
    long cachedBytes;
    /** Whether the conversations store's cache holds this object (under its conversation's id). */
    boolean inCache;
    /** Whether this object changed since the conversations store last saved it. */
    boolean unsaved;

    public ConversationState() {
    }

    /** A copy of {@code other} without its messages, for a reader on another thread. */
    private ConversationState(ConversationState other) {
        tenant = other.tenant;
        kind = other.kind;
        priority = other.priority;
        status = other.status;
        startedAt = other.startedAt;
        firstResponseAt = other.firstResponseAt;
        resolvedAt = other.resolvedAt;
        resolutionMillis = other.resolutionMillis;
        lastCycleResolutionMillis = other.lastCycleResolutionMillis;
        lastReopenAt = other.lastReopenAt;
        resolveCount = other.resolveCount;
        reopenCount = other.reopenCount;
        userMessages = other.userMessages;
        responderMessages = other.responderMessages;
        assistantMessages = other.assistantMessages;
        systemMessages = other.systemMessages;
        userSentimentSum = other.userSentimentSum;
        userSentimentCount = other.userSentimentCount;
        responderSentimentSum = other.responderSentimentSum;
        responderSentimentCount = other.responderSentimentCount;
        updatedAt = other.updatedAt;
        deleted = other.deleted;
        messagesInStore = other.messagesInStore;
        groups = other.groups;
    }

    ConversationState copyWithoutMessages() {
        return new ConversationState(this);
    }

    /** Roughly the memory the state takes: its fields and objects, and its messages' columns. */
    long estimatedBytes() {
        return 240 + (tenant == null ? 0 : 48 + tenant.length()) + messages.estimatedBytes();
    }

    /** Whether the conversation was deleted; its metrics are then gone from the API and the metrics topic. */
    public boolean isDeleted() {
        return deleted;
    }

    boolean started() {
        return startedAt != null;
    }

    /** Whether the conversation is in the status counts: from its start until it is deleted. */
    boolean counted() {
        return started() && !deleted && status != null;
    }

    /** The groups the conversation's observations and status count go to; no tenant group without a tenant. */
    List<DimensionValue> dimensions() {
        return groups().groups();
    }

    /** The conversation's groups and their series keys, worked out again only when its kind, priority or tenant changed. */
    ConversationGroups groups() {
        groups = groups.of(kind, priority, tenant);
        return groups;
    }

    /** Remembers the latest event time that changed the metrics. */
    void touch(long eventTime) {
        updatedAt = Math.max(updatedAt, eventTime);
    }

    void addUserSentiment(double compound, int sign) {
        userSentimentSum += sign * compound;
        userSentimentCount += sign;
        if (userSentimentCount == 0) {
            userSentimentSum = 0.0; // no drift left behind by adding and subtracting the same scores
        }
    }

    void addResponderSentiment(double compound, int sign) {
        responderSentimentSum += sign * compound;
        responderSentimentCount += sign;
        if (responderSentimentCount == 0) {
            responderSentimentSum = 0.0;
        }
    }

    /**
     * The published form of this state. Built through the record's setters: its builder validates every field against
     * the schema and was a tenth of publishing a conversation's metrics; the writer checks the values when it encodes.
     */
    public ConversationMetrics toMetrics(String conversationId) {
        ConversationMetrics metrics = new ConversationMetrics();
        metrics.setConversationId(conversationId);
        metrics.setTenant(tenant);
        metrics.setKind(kind);
        metrics.setPriority(priority);
        metrics.setStatus(status);
        metrics.setStartedAt(instant(startedAt));
        metrics.setFirstResponseAt(instant(firstResponseAt));
        metrics.setFirstResponseMillis(firstResponseAt != null && startedAt != null ? firstResponseAt - startedAt : null);
        metrics.setResolvedAt(instant(resolvedAt));
        metrics.setResolutionMillis(resolutionMillis);
        metrics.setLastCycleResolutionMillis(lastCycleResolutionMillis);
        metrics.setResolveCount(resolveCount);
        metrics.setReopenCount(reopenCount);
        metrics.setUserMessages(userMessages);
        metrics.setResponderMessages(responderMessages);
        metrics.setAssistantMessages(assistantMessages);
        metrics.setSystemMessages(systemMessages);
        metrics.setUserSentimentSum(userSentimentSum);
        metrics.setUserSentimentCount(userSentimentCount);
        metrics.setAverageUserSentiment(userSentimentCount > 0 ? userSentimentSum / userSentimentCount : null);
        metrics.setResponderSentimentSum(responderSentimentSum);
        metrics.setResponderSentimentCount(responderSentimentCount);
        metrics.setUpdatedAt(Instant.ofEpochMilli(updatedAt == Long.MIN_VALUE ? 0 : updatedAt));
        return metrics;
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
