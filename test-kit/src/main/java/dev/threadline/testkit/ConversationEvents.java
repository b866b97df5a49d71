package dev.threadline.testkit;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationDeleted;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationFlagged;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationPurged;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.Participant;
import dev.threadline.events.ParticipantRemoved;
import dev.threadline.events.Priority;
import dev.threadline.events.PriorityChanged;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import dev.threadline.events.UserErased;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Conversation events as the ingest service writes them onto conversation-events, for the tests of their readers (the
 * thread service's projection, the stats topology): a fresh event id, occurred and ingested at the same instant,
 * source {@code test}, the default tenant unless {@link #withTenant} says otherwise.
 *
 * <p>The callers: a customer ({@code customer-1}) starts a support conversation titled "Parcel lost" with an agent
 * ({@code agent-9}); an agent changes status and priority; an admin ({@code admin-1}) deletes; a message's sender is
 * {@code <role>-1} (none for the system).
 */
public final class ConversationEvents {

    private ConversationEvents() {
    }

    /** {@code customer-1} starts a support conversation with {@code agent-9}: open, medium priority. */
    public static ConversationEvent started(String id, Instant at) {
        return started(id, at, ConversationKind.support, Priority.medium);
    }

    /** {@link #started(String, Instant)} of this kind and priority. */
    public static ConversationEvent started(String id, Instant at, ConversationKind kind, Priority priority) {
        return started(id, at, "customer-1", ConversationStarted.newBuilder().setKind(kind).setTitle("Parcel lost")
                .setPriority(priority).setStatus(ConversationStatus.open)
                .setParticipants(members("customer-1:user", "agent-9:agent")).build());
    }

    /** {@code createdBy} (a user) starts a conversation of this kind titled "Parcel lost" with these participants. */
    public static ConversationEvent started(String id, Instant at, String createdBy, ConversationKind kind,
                                            List<Participant> participants) {
        return started(id, at, createdBy, ConversationStarted.newBuilder().setKind(kind).setTitle("Parcel lost")
                .setParticipants(participants).build());
    }

    /** {@code createdBy} (a user) starts a conversation as {@code payload} says. */
    public static ConversationEvent started(String id, Instant at, String createdBy, ConversationStarted payload) {
        return envelope(id, at, new Actor(createdBy, Role.user), payload);
    }

    /** A message by {@code <role>-1} (by no one for the system). */
    public static ConversationEvent posted(String id, String messageId, Role role, String content, Instant at) {
        return posted(id, messageId, role == Role.system ? null : role.name() + "-1", role, content, at, null);
    }

    public static ConversationEvent posted(String id, String messageId, String senderId, Role role, String content,
                                           Instant at, Integer tokensUsed) {
        return envelope(id, at, new Actor(senderId, role), MessagePosted.newBuilder().setMessageId(messageId)
                .setSenderId(senderId).setSenderRole(role).setContent(content).setTokensUsed(tokensUsed).build());
    }

    /** {@code user-1} edits a message. */
    public static ConversationEvent edited(String id, String messageId, String content, Instant at) {
        return envelope(id, at, new Actor("user-1", Role.user), new MessageEdited(messageId, content));
    }

    /** {@code admin-1} deletes a message. */
    public static ConversationEvent messageDeleted(String id, String messageId, Instant at) {
        return envelope(id, at, new Actor("admin-1", Role.admin), MessageDeleted.newBuilder().setMessageId(messageId).build());
    }

    /** {@code admin-1} deletes the conversation. */
    public static ConversationEvent deleted(String id, Instant at) {
        return envelope(id, at, new Actor("admin-1", Role.admin), ConversationDeleted.newBuilder().build());
    }

    /** {@code admin-1} purges the conversation. */
    public static ConversationEvent purged(String id, Instant at) {
        return envelope(id, at, new Actor("admin-1", Role.admin), ConversationPurged.newBuilder().build());
    }

    /**
     * {@code admin-1} erases {@code userId} (replaced by {@code replacement}, null: by nobody), as the ingest service
     * writes it: one copy for each of {@code partitions} partitions, without a conversation.
     */
    public static ConversationEvent erased(String userId, String replacement, boolean redactContent, int partitions, Instant at) {
        return envelope("", at, new Actor("admin-1", Role.admin), new UserErased(userId, replacement, redactContent, partitions));
    }

    /** {@code agent-9} changes the status. */
    public static ConversationEvent statusChanged(String id, ConversationStatus status, Instant at) {
        return envelope(id, at, new Actor("agent-9", Role.agent), StatusChanged.newBuilder().setStatus(status).build());
    }

    /** {@code agent-9} changes the priority. */
    public static ConversationEvent priorityChanged(String id, Priority priority, Instant at) {
        return envelope(id, at, new Actor("agent-9", Role.agent), PriorityChanged.newBuilder().setPriority(priority).build());
    }

    /** {@code userId} has read up to {@code upToSeq}. */
    public static ConversationEvent read(String id, String userId, long upToSeq, Instant at) {
        return envelope(id, at, new Actor(userId, Role.user), MessagesRead.newBuilder().setUserId(userId).setUpToSeq(upToSeq).build());
    }

    /** {@code userId} sets their flags; null leaves a flag as it is. */
    public static ConversationEvent flagged(String id, String userId, Boolean archived, Boolean pinned, Boolean favorited,
                                            Instant at) {
        return envelope(id, at, new Actor(userId, Role.user), ConversationFlagged.newBuilder().setUserId(userId)
                .setArchived(archived).setPinned(pinned).setFavorited(favorited).build());
    }

    /** {@code userId} leaves the conversation. */
    public static ConversationEvent left(String id, String userId, Instant at) {
        return envelope(id, at, new Actor(userId, Role.user), ParticipantRemoved.newBuilder().setUserId(userId).build());
    }

    /** An event of the default tenant with this payload. */
    public static ConversationEvent envelope(String id, Instant at, Actor actor, Object payload) {
        return ConversationEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setConversationId(id)
                .setOccurredAt(at).setIngestedAt(at).setActor(actor).setSource("test").setPayload(payload).build();
    }

    /** The event as another actor's. */
    public static ConversationEvent withActor(ConversationEvent event, Actor actor) {
        return ConversationEvent.newBuilder(event).setActor(actor).build();
    }

    /** The event as one of {@code tenant}. */
    public static ConversationEvent withTenant(ConversationEvent event, String tenant) {
        return ConversationEvent.newBuilder(event).setTenant(tenant).build();
    }

    /** Participants from {@code userId:role} specs, e.g. {@code "agent-9:agent"}. */
    public static List<Participant> members(String... userIdColonRole) {
        return Arrays.stream(userIdColonRole).map(spec -> {
            String[] parts = spec.split(":");
            return new Participant(parts[0], Role.valueOf(parts[1]));
        }).toList();
    }

    /** A fresh conversation or message id. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }
}
