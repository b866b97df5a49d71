package dev.threadline.ingest.command;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationDeleted;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationFlagged;
import dev.threadline.events.ConversationPurged;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.ConversationUpdated;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.MessagesRead;
import dev.threadline.events.Participant;
import dev.threadline.events.ParticipantAdded;
import dev.threadline.events.ParticipantRemoved;
import dev.threadline.events.Priority;
import dev.threadline.events.PriorityChanged;
import dev.threadline.events.Role;
import dev.threadline.events.StatusChanged;
import dev.threadline.events.UserErased;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a valid command into its events: assigns ids, stamps event and ingest time, names the
 * actor. A command's events are published together, in the order given here.
 */
@Singleton
public class ConversationEventFactory {

    static final String SOURCE = "ingest-service";
    private static final Actor SYSTEM = new Actor(null, Role.system);

    private final Clock clock;

    public ConversationEventFactory(Clock clock) {
        this.clock = clock;
    }

    public EventPlan plan(ConversationCommand command, IdSource ids) {
        Instant now = clock.instant();
        // Event time: the caller's, else now; ingest time is always now.
        Instant at = command.occurredAt() != null ? command.occurredAt() : now;
        return switch (command) {
            case ConversationCommand.Start start -> start(start.conversation(), ids, now);
            case ConversationCommand.Post post -> {
                String messageId = messageId(post.message(), ids);
                yield new EventPlan(post.conversationId(), messageId,
                        List.of(posted(post.conversationId(), messageId, post.message(), ids, at, now)));
            }
            case ConversationCommand.Update update -> new EventPlan(update.conversationId(), null,
                    updated(update.conversationId(), update.changes(), ids, at, now));
            case ConversationCommand.AddParticipant add -> single(add.conversationId(), ids, at, now,
                    actor(add.participant().actor()),
                    new ParticipantAdded(new Participant(add.participant().userId(), add.participant().role())));
            case ConversationCommand.RemoveParticipant remove -> single(remove.conversationId(), ids, at, now,
                    actor(remove.actor()), new ParticipantRemoved(remove.userId()));
            case ConversationCommand.Read read -> single(read.conversationId(), ids, at, now,
                    new Actor(read.read().userId(), Role.user),
                    new MessagesRead(read.read().userId(), read.read().upToSeq(), read.read().upToMessageId()));
            case ConversationCommand.Flag flag -> single(flag.conversationId(), ids, at, now,
                    new Actor(flag.flags().userId(), Role.user),
                    new ConversationFlagged(flag.flags().userId(), flag.flags().archived(), flag.flags().pinned(),
                            flag.flags().favorited(), flag.flags().muted()));
            case ConversationCommand.Edit edit -> new EventPlan(edit.conversationId(), edit.messageId(), List.of(
                    envelope(edit.conversationId(), ids.next(), at, now, actor(edit.edit().actor()),
                            new MessageEdited(edit.messageId(), edit.edit().content()))));
            case ConversationCommand.DeleteMessage delete -> new EventPlan(delete.conversationId(), delete.messageId(), List.of(
                    envelope(delete.conversationId(), ids.next(), at, now, actor(delete.actor()),
                            new MessageDeleted(delete.messageId()))));
            case ConversationCommand.DeleteConversation delete -> single(delete.conversationId(), ids, at, now,
                    actor(delete.actor()), new ConversationDeleted(delete.reason()));
            case ConversationCommand.Purge purge -> single(purge.conversationId(), ids, at, now,
                    actor(purge.actor()), new ConversationPurged(purge.reason()));
        };
    }

    /**
     * The event of a user's erasure, at the present time: written once to each of the {@code partitions} partitions of
     * conversation-events, so it has no conversation (its conversation id is empty).
     */
    public ConversationEvent erased(String userId, ErasureBody erasure, String replacement, int partitions, Actor actor,
                                    String tenant, IdSource ids) {
        Instant now = clock.instant();
        ConversationEvent event = envelope("", ids.next(), now, now, actor,
                new UserErased(userId, replacement, erasure.redactsContent(), partitions));
        event.setTenant(tenant);
        return event;
    }

    private EventPlan start(StartConversationBody command, IdSource ids, Instant now) {
        String conversationId = command.id() != null ? command.id() : ids.next();
        String creator = command.createdBy() != null ? command.createdBy()
                : command.firstMessage() != null ? command.firstMessage().senderId() : null;
        var payload = ConversationStarted.newBuilder()
                .setKind(command.kind())
                .setTitle(command.title())
                .setStatus(command.status() != null ? command.status() : ConversationStatus.open)
                .setPriority(command.priority() != null ? command.priority() : Priority.medium)
                .setParticipants(command.participantsOrEmpty().stream().map(p -> new Participant(p.userId(), p.role())).toList())
                .setTags(command.tags() != null ? command.tags() : List.of())
                .setAttributes(command.attributes() != null ? command.attributes() : Map.of())
                .setModel(command.model())
                .setContextWindow(command.contextWindow())
                .build();
        // A conversation starts no later than its first message: without a time of its own it takes the message's,
        // and a first message without one is written when the conversation starts.
        NewMessageBody first = command.firstMessage();
        Instant startedAt = command.occurredAt() != null ? command.occurredAt()
                : first != null && first.occurredAt() != null ? first.occurredAt() : now;
        List<ConversationEvent> events = new ArrayList<>(2);
        events.add(envelope(conversationId, ids.next(), startedAt, now, new Actor(creator, roleOf(creator, command)), payload));
        String messageId = null;
        if (first != null) {
            messageId = messageId(first, ids);
            events.add(posted(conversationId, messageId, first, ids, startedAt, now));
        }
        return new EventPlan(conversationId, messageId, events);
    }

    /** A posted message, at its own {@code occurredAt} or else at {@code at}. */
    private ConversationEvent posted(String conversationId, String messageId, NewMessageBody message, IdSource ids,
                                     Instant at, Instant now) {
        var payload = MessagePosted.newBuilder()
                .setMessageId(messageId)
                .setSenderId(message.senderId())
                .setSenderRole(message.senderRole())
                .setContent(message.content())
                .setContentType(message.contentType() != null ? message.contentType() : "text/plain")
                .setTokensUsed(message.tokensUsed())
                .setModel(message.model())
                .setReplyTo(message.replyTo())
                .setAttributes(message.attributes() != null ? message.attributes() : Map.of())
                .build();
        Instant occurredAt = message.occurredAt() != null ? message.occurredAt() : at;
        return envelope(conversationId, ids.next(), occurredAt, now, new Actor(message.senderId(), message.senderRole()), payload);
    }

    private List<ConversationEvent> updated(String conversationId, UpdateConversationBody changes, IdSource ids,
                                            Instant at, Instant now) {
        Actor actor = actor(changes.actor());
        List<ConversationEvent> events = new ArrayList<>(3);
        if (changes.status() != null) {
            events.add(envelope(conversationId, ids.next(), at, now, actor, new StatusChanged(changes.status(), changes.reason())));
        }
        if (changes.priority() != null) {
            events.add(envelope(conversationId, ids.next(), at, now, actor, new PriorityChanged(changes.priority())));
        }
        if (changes.changesDescription()) {
            events.add(envelope(conversationId, ids.next(), at, now, actor, new ConversationUpdated(
                    changes.title(), changes.summary(), changes.keyTopics(), changes.tags(), changes.attributes())));
        }
        return events;
    }

    private EventPlan single(String conversationId, IdSource ids, Instant at, Instant now, Actor actor, Object payload) {
        return new EventPlan(conversationId, null, List.of(envelope(conversationId, ids.next(), at, now, actor, payload)));
    }

    private static ConversationEvent envelope(String conversationId, String eventId, Instant occurredAt, Instant ingestedAt,
                                              Actor actor, Object payload) {
        return ConversationEvent.newBuilder()
                .setEventId(eventId)
                .setConversationId(conversationId)
                .setOccurredAt(occurredAt)
                .setIngestedAt(ingestedAt)
                .setActor(actor)
                .setSource(SOURCE)
                .setPayload(payload)
                .build();
    }

    private static String messageId(NewMessageBody message, IdSource ids) {
        return message.id() != null ? message.id() : ids.next();
    }

    private static Actor actor(ActorSpec spec) {
        return spec == null ? SYSTEM : new Actor(spec.id(), spec.role());
    }

    private static Role roleOf(String userId, StartConversationBody command) {
        if (userId == null) {
            return Role.system;
        }
        return command.participantsOrEmpty().stream()
                .filter(p -> p.userId().equals(userId))
                .map(ParticipantSpec::role)
                .findFirst()
                .orElse(command.firstMessage() != null && userId.equals(command.firstMessage().senderId())
                        ? command.firstMessage().senderRole() : Role.user);
    }
}
