package dev.threadline.stats.topology;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationDeleted;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.Priority;
import dev.threadline.events.PriorityChanged;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import java.time.Instant;
import java.util.UUID;

/** Conversation events as the ingest service writes them, for the topology tests. */
final class Events {

    private Events() {
    }

    static ConversationEvent started(String conversation, Instant at, ConversationKind kind, Priority priority) {
        return envelope(conversation, at, null, new Actor("customer", Role.user),
                ConversationStarted.newBuilder().setKind(kind).setPriority(priority).setStatus(ConversationStatus.open).build());
    }

    static ConversationEvent started(String conversation, Instant at) {
        return started(conversation, at, ConversationKind.support, Priority.medium);
    }

    static ConversationEvent posted(String conversation, String message, Role role, String content, Instant at) {
        return envelope(conversation, at, null, new Actor(role == Role.system ? null : role.name() + "-1", role),
                MessagePosted.newBuilder().setMessageId(message).setSenderId(role == Role.system ? null : role.name() + "-1")
                        .setSenderRole(role).setContent(content).build());
    }

    static ConversationEvent edited(String conversation, String message, String content, Instant at) {
        return envelope(conversation, at, null, new Actor("user-1", Role.user), new MessageEdited(message, content));
    }

    static ConversationEvent messageDeleted(String conversation, String message, Instant at) {
        return envelope(conversation, at, null, new Actor("admin-1", Role.admin), new MessageDeleted(message));
    }

    static ConversationEvent status(String conversation, ConversationStatus status, Instant at) {
        return envelope(conversation, at, null, new Actor("agent-1", Role.agent), new StatusChanged(status, null));
    }

    static ConversationEvent priority(String conversation, Priority priority, Instant at) {
        return envelope(conversation, at, null, new Actor("agent-1", Role.agent), new PriorityChanged(priority));
    }

    static ConversationEvent conversationDeleted(String conversation, Instant at) {
        return envelope(conversation, at, null, new Actor("admin-1", Role.admin), new ConversationDeleted(null));
    }

    static ConversationEvent withActor(ConversationEvent event, Actor actor) {
        return ConversationEvent.newBuilder(event).setActor(actor).build();
    }

    static ConversationEvent withTenant(ConversationEvent event, String tenant) {
        return ConversationEvent.newBuilder(event).setTenant(tenant).build();
    }

    private static ConversationEvent envelope(String conversation, Instant at, String tenant, Actor actor, Object payload) {
        return ConversationEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setConversationId(conversation)
                .setOccurredAt(at)
                .setIngestedAt(at)
                .setActor(actor)
                .setSource("test")
                .setTenant(tenant)
                .setPayload(payload)
                .build();
    }
}
