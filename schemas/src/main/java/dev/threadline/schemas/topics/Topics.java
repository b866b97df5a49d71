package dev.threadline.schemas.topics;

import dev.threadline.commands.ConversationCommandRecord;
import dev.threadline.analytics.ConversationMetrics;
import dev.threadline.analytics.StatusCounts;
import dev.threadline.analytics.WindowedMetric;
import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.serde.EventSerdes;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The one registry of Threadline's topics. No other code spells a topic name: producers,
 * consumers, Streams topologies, the local runtime and tests all take their topics from here.
 *
 * <p>Dead-letter topics carry the original bytes on purpose, so a record that could not be decoded
 * is kept exactly as it arrived.
 */
public final class Topics {

    /** Default partition count; consumers of a topic scale out up to it. */
    public static final int DEFAULT_PARTITIONS = 12;

    private static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");

    /** Topic names as compile-time constants, for annotations such as {@code @Topic}. */
    public static final class Names {

        public static final String CONVERSATION_COMMANDS = "conversation-commands";

        private Names() {
        }
    }

    /** Every conversation event, keyed by conversation id so one conversation stays in order. */
    public static final Topic<String, ConversationEvent> CONVERSATION_EVENTS =
            new Topic<>("conversation-events", Serdes.String(), EventSerdes.conversationEvent(), DEFAULT_PARTITIONS, Map.of());

    /**
     * Intake: commands from producers that prefer Kafka to HTTP, validated by the ingest service with
     * the rules of its HTTP API. Key = the conversation id when the command names one, else the
     * command id, so one conversation's commands are taken in order.
     */
    public static final Topic<String, ConversationCommandRecord> CONVERSATION_COMMANDS =
            new Topic<>(Names.CONVERSATION_COMMANDS, Serdes.String(), EventSerdes.conversationCommand(), DEFAULT_PARTITIONS, Map.of());

    /** Per-conversation metrics from stats-streams, latest value per conversation id. */
    public static final Topic<String, ConversationMetrics> CONVERSATION_METRICS = new Topic<>("conversation-metrics",
            Serdes.String(), EventSerdes.conversationMetrics(), DEFAULT_PARTITIONS, COMPACTED);

    /**
     * Windowed first-response and resolution time aggregates per dimension: updates while a window is
     * open and one final value when it closes. Key = metric|dimension|value|window size.
     */
    public static final Topic<String, WindowedMetric> RESPONSE_TIME_STATS = new Topic<>("response-time-stats",
            Serdes.String(), EventSerdes.windowedMetric(), DEFAULT_PARTITIONS, Map.of());

    /** Windowed sentiment aggregates per dimension, keyed and emitted like {@link #RESPONSE_TIME_STATS}. */
    public static final Topic<String, WindowedMetric> SENTIMENT_STATS = new Topic<>("sentiment-stats",
            Serdes.String(), EventSerdes.windowedMetric(), DEFAULT_PARTITIONS, Map.of());

    /** Exact open/pending/resolved counts per dimension, latest value per key (dimension|value). */
    public static final Topic<String, StatusCounts> STATUS_COUNTS = new Topic<>("status-counts",
            Serdes.String(), EventSerdes.statusCounts(), DEFAULT_PARTITIONS, COMPACTED);

    /** Intake commands the ingest service rejected, with the reason in headers. */
    public static final Topic<byte[], byte[]> CONVERSATION_COMMANDS_DLQ = deadLetter("conversation-commands.dlq");

    /** Events the thread service could not decode or apply, with the reason in headers. */
    public static final Topic<byte[], byte[]> THREAD_SERVICE_DLQ = deadLetter("conversation-events.thread-service.dlq");

    /** Events stats-streams could not decode or process, with the reason in headers. */
    public static final Topic<byte[], byte[]> STATS_STREAMS_DLQ = deadLetter("conversation-events.stats-streams.dlq");

    private static final List<Topic<?, ?>> ALL = List.of(
            CONVERSATION_EVENTS, CONVERSATION_COMMANDS, CONVERSATION_METRICS, RESPONSE_TIME_STATS,
            SENTIMENT_STATS, STATUS_COUNTS, CONVERSATION_COMMANDS_DLQ, THREAD_SERVICE_DLQ, STATS_STREAMS_DLQ);

    private Topics() {
    }

    /** Every topic, for provisioning. */
    public static List<Topic<?, ?>> all() {
        return ALL;
    }

    private static Topic<byte[], byte[]> deadLetter(String name) {
        Serde<byte[]> bytes = Serdes.ByteArray();
        return new Topic<>(name, bytes, bytes, DEFAULT_PARTITIONS, Map.of());
    }
}
