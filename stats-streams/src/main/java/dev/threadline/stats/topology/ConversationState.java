package dev.threadline.stats.topology;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.analytics.Dimension;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What stats-streams keeps per conversation in the {@link StatsStores#CONVERSATIONS} store: the description needed to
 * group it (tenant, kind, priority, status), the times its metrics are measured from and its running counts and
 * sentiment sums. {@link #toMetrics(String)} turns it into the published {@code ConversationMetrics}.
 *
 * <p>Public for the interactive queries, which read it from the store; only this package changes it.
 *
 * <p>Mutable on purpose: {@link ConversationMetricsProcessor} gets a copy from its {@link ConversationStore}, changes it
 * for one event and puts it back, on one stream thread. Times are event times in epoch millis; {@code null} means not (yet) known.
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
    /** Ids and states of the messages the state holds itself ({@link ConversationMessages}), in arrival order. */
    private String[] messageIds = NO_IDS;
    private MessageState[] messages = NO_MESSAGES;
    private int messageCount;
    /** Whether some of the conversation's messages are in the messages store. */
    boolean messagesInStore;

    private static final String[] NO_IDS = new String[0];
    private static final MessageState[] NO_MESSAGES = new MessageState[0];

    public ConversationState() {
    }

    /** A copy of {@code other}, to change without changing it. */
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
        // The arrays are shared until the copy adds or replaces a message.
        messageIds = other.messageIds;
        messages = other.messages;
        messageCount = other.messageCount;
        messagesInStore = other.messagesInStore;
        sharedMessages = true;
    }

    private boolean sharedMessages;

    int messageCount() {
        return messageCount;
    }

    MessageState messageAt(int index) {
        return messages[index];
    }

    String messageIdAt(int index) {
        return messageIds[index];
    }

    /** Where the state holds the message, or -1. */
    int indexOfMessage(String messageId) {
        int hash = messageId.hashCode();
        for (int i = 0; i < messageCount; i++) {
            if (messageIds[i].hashCode() == hash && messageIds[i].equals(messageId)) {
                return i;
            }
        }
        return -1;
    }

    void addMessage(String messageId, MessageState message) {
        if (sharedMessages || messageCount == messages.length) {
            int capacity = messageCount == messages.length ? Math.max(4, 2 * messageCount) : messages.length;
            messageIds = java.util.Arrays.copyOf(messageIds, capacity);
            messages = java.util.Arrays.copyOf(messages, capacity);
            sharedMessages = false;
        }
        messageIds[messageCount] = messageId;
        messages[messageCount++] = message;
    }

    void replaceMessage(int index, MessageState message) {
        if (sharedMessages) {
            messageIds = messageIds.clone();
            messages = messages.clone();
            sharedMessages = false;
        }
        messages[index] = message;
    }

    void clearMessages() {
        messageIds = NO_IDS;
        messages = NO_MESSAGES;
        messageCount = 0;
        sharedMessages = false;
    }

    ConversationState copy() {
        return new ConversationState(this);
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
        List<DimensionValue> groups = new ArrayList<>(4);
        groups.add(DimensionValue.ALL);
        if (kind != null) {
            groups.add(new DimensionValue(Dimension.kind, kind.name()));
        }
        if (priority != null) {
            groups.add(new DimensionValue(Dimension.priority, priority.name()));
        }
        if (tenant != null) {
            groups.add(new DimensionValue(Dimension.tenant, tenant));
        }
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

    /** The published form of this state. */
    public ConversationMetrics toMetrics(String conversationId) {
        return ConversationMetrics.newBuilder()
                .setConversationId(conversationId)
                .setTenant(tenant)
                .setKind(kind)
                .setPriority(priority)
                .setStatus(status)
                .setStartedAt(instant(startedAt))
                .setFirstResponseAt(instant(firstResponseAt))
                .setFirstResponseMillis(firstResponseAt != null && startedAt != null ? firstResponseAt - startedAt : null)
                .setResolvedAt(instant(resolvedAt))
                .setResolutionMillis(resolutionMillis)
                .setLastCycleResolutionMillis(lastCycleResolutionMillis)
                .setResolveCount(resolveCount)
                .setReopenCount(reopenCount)
                .setUserMessages(userMessages)
                .setResponderMessages(responderMessages)
                .setAssistantMessages(assistantMessages)
                .setSystemMessages(systemMessages)
                .setUserSentimentSum(userSentimentSum)
                .setUserSentimentCount(userSentimentCount)
                .setAverageUserSentiment(userSentimentCount > 0 ? userSentimentSum / userSentimentCount : null)
                .setResponderSentimentSum(responderSentimentSum)
                .setResponderSentimentCount(responderSentimentCount)
                .setUpdatedAt(Instant.ofEpochMilli(updatedAt == Long.MIN_VALUE ? 0 : updatedAt))
                .build();
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
