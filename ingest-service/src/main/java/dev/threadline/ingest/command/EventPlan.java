package dev.threadline.ingest.command;

import dev.threadline.events.ConversationEvent;
import java.util.List;

/** What one command becomes: the events to publish together and the ids to tell the caller. */
public record EventPlan(String conversationId, String messageId, List<ConversationEvent> events) {

    /** The same plan with every event in {@code tenant} (null: the default tenant). */
    public EventPlan inTenant(String tenant) {
        return new EventPlan(conversationId, messageId,
                events.stream().map(event -> ConversationEvent.newBuilder(event).setTenant(tenant).build()).toList());
    }
}
