package dev.threadline.schemas.serde;

import dev.threadline.events.ConversationEvent;

/** The serdes of the contract's records, built once: they are thread-safe and costly to build. */
public final class EventSerdes {

    private static final SingleObjectAvroSerde<ConversationEvent> CONVERSATION_EVENT =
            new SingleObjectAvroSerde<>(ConversationEvent.getClassSchema(), ReleasedSchemas.load(ReleasedSchemas.CONVERSATION_EVENT));

    private EventSerdes() {
    }

    public static SingleObjectAvroSerde<ConversationEvent> conversationEvent() {
        return CONVERSATION_EVENT;
    }
}
