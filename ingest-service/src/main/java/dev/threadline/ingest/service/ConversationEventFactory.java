package dev.threadline.ingest.service;

import dev.threadline.events.Actor;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.Participant;
import dev.threadline.events.Role;
import dev.threadline.ingest.command.Ids;
import dev.threadline.ingest.command.NewMessage;
import dev.threadline.ingest.command.ParticipantSpec;
import dev.threadline.ingest.command.StartConversation;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** Turns validated commands into event envelopes: assigns event ids, timestamps and the actor. */
@Singleton
public class ConversationEventFactory {

    static final String SOURCE = "ingest-service";

    private final Clock clock;

    public ConversationEventFactory(Clock clock) {
        this.clock = clock;
    }

    public ConversationEvent started(String conversationId, StartConversation command) {
        String creator = command.createdBy() != null ? command.createdBy()
                : command.firstMessage() != null ? command.firstMessage().senderId() : null;
        Actor actor = new Actor(creator, roleOf(creator, command));
        var payload = ConversationStarted.newBuilder()
                .setKind(command.kind())
                .setTitle(command.title())
                .setParticipants(command.participantsOrEmpty().stream()
                        .map(p -> new Participant(p.userId(), p.role())).toList())
                .build();
        return envelope(conversationId, actor, payload);
    }

    public ConversationEvent messagePosted(String conversationId, String messageId, NewMessage message) {
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
        return envelope(conversationId, new Actor(message.senderId(), message.senderRole()), payload);
    }

    private ConversationEvent envelope(String conversationId, Actor actor, Object payload) {
        Instant now = clock.instant();
        return ConversationEvent.newBuilder()
                .setEventId(Ids.newId())
                .setConversationId(conversationId)
                .setOccurredAt(now)
                .setIngestedAt(now)
                .setActor(actor)
                .setSource(SOURCE)
                .setPayload(payload)
                .build();
    }

    private static Role roleOf(String userId, StartConversation command) {
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
