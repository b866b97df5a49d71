package dev.threadline.ingest.service;

import dev.threadline.events.ConversationEvent;
import dev.threadline.ingest.command.Accepted;
import dev.threadline.ingest.command.Ids;
import dev.threadline.ingest.command.NewMessage;
import dev.threadline.ingest.command.StartConversation;
import dev.threadline.ingest.messaging.ConversationEventPublisher;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Executes conversation commands: assigns ids, builds the events and publishes them. */
@Singleton
public class ConversationCommands {

    private final ConversationEventFactory events;
    private final ConversationEventPublisher publisher;

    public ConversationCommands(ConversationEventFactory events, ConversationEventPublisher publisher) {
        this.events = events;
        this.publisher = publisher;
    }

    public CompletableFuture<Accepted> start(StartConversation command) {
        String conversationId = command.id() != null ? command.id() : Ids.newId();
        List<ConversationEvent> batch = new ArrayList<>(2);
        batch.add(events.started(conversationId, command));
        String messageId = null;
        if (command.firstMessage() != null) {
            messageId = messageIdOf(command.firstMessage());
            batch.add(events.messagePosted(conversationId, messageId, command.firstMessage()));
        }
        String firstMessageId = messageId;
        return publisher.publish(batch).thenApply(published -> new Accepted(conversationId, firstMessageId, published));
    }

    public CompletableFuture<Accepted> postMessage(String conversationId, NewMessage message) {
        String messageId = messageIdOf(message);
        return publisher.publish(List.of(events.messagePosted(conversationId, messageId, message)))
                .thenApply(published -> new Accepted(conversationId, messageId, published));
    }

    private static String messageIdOf(NewMessage message) {
        return message.id() != null ? message.id() : Ids.newId();
    }
}
