package dev.threadline.schemas.serde;

import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.analytics.StatusCounts;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.commands.ConversationCommandRecord;
import dev.threadline.events.ConversationEvent;

/** The serdes of the contract's records, built once: they are thread-safe and costly to build. */
public final class EventSerdes {

    private static final SingleObjectAvroSerde<ConversationEvent> CONVERSATION_EVENT =
            new SingleObjectAvroSerde<>(ConversationEvent.getClassSchema(), ReleasedSchemas.load(ReleasedSchemas.CONVERSATION_EVENT));

    private static final SingleObjectAvroSerde<ConversationCommandRecord> CONVERSATION_COMMAND =
            new SingleObjectAvroSerde<>(ConversationCommandRecord.getClassSchema(), ReleasedSchemas.load(ReleasedSchemas.CONVERSATION_COMMAND));

    private static final SingleObjectAvroSerde<ConversationMetrics> CONVERSATION_METRICS =
            new SingleObjectAvroSerde<>(ConversationMetrics.getClassSchema(), ReleasedSchemas.load(ReleasedSchemas.CONVERSATION_METRICS));

    private static final SingleObjectAvroSerde<WindowedMetric> WINDOWED_METRIC =
            new SingleObjectAvroSerde<>(WindowedMetric.getClassSchema(), ReleasedSchemas.load(ReleasedSchemas.WINDOWED_METRIC));

    private static final SingleObjectAvroSerde<StatusCounts> STATUS_COUNTS =
            new SingleObjectAvroSerde<>(StatusCounts.getClassSchema(), ReleasedSchemas.load(ReleasedSchemas.STATUS_COUNTS));

    private EventSerdes() {
    }

    public static SingleObjectAvroSerde<ConversationEvent> conversationEvent() {
        return CONVERSATION_EVENT;
    }

    public static SingleObjectAvroSerde<ConversationCommandRecord> conversationCommand() {
        return CONVERSATION_COMMAND;
    }

    public static SingleObjectAvroSerde<ConversationMetrics> conversationMetrics() {
        return CONVERSATION_METRICS;
    }

    public static SingleObjectAvroSerde<WindowedMetric> windowedMetric() {
        return WINDOWED_METRIC;
    }

    public static SingleObjectAvroSerde<StatusCounts> statusCounts() {
        return STATUS_COUNTS;
    }
}
