package dev.threadline.stats.topology;

import dev.threadline.schemas.serde.MalformedEventException;
import dev.threadline.schemas.serde.UnknownSchemaException;
import dev.threadline.schemas.topics.DeadLetterReasons;
import dev.threadline.schemas.topics.DeadLetters;
import dev.threadline.schemas.topics.Topics;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Dead letters of stats-streams: the rejected record's key, value and headers exactly as they arrived on
 * conversation-events, plus the reason, where it was read and which application read it (several stats-streams
 * applications may read one conversation-events topic), on {@link Topics#STATS_STREAMS_DLQ}. Kafka Streams
 * writes them in the same transaction as the task's other output, so a dead letter is neither lost nor doubled.
 */
final class StatsDeadLetters {

    /** Names this service in the dead letter's consumer header. */
    static final String CONSUMER = "stats-streams";

    /** Every reason stats-streams dead-letters a record for: the decoder's, then the processor's. */
    static final List<String> REASONS = List.of(MalformedEventException.REASON, UnknownSchemaException.REASON,
            DeadLetterReasons.TOMBSTONE, DeadLetterReasons.KEY_MISMATCH,
            DeadLetterReasons.TENANT_MISMATCH);

    private StatsDeadLetters() {
    }

    /** The dead letter of {@code application} (its Kafka Streams application.id) for the record of {@code source}. */
    static List<ProducerRecord<byte[], byte[]>> of(String application, ErrorHandlerContext source, byte[] key, byte[] value,
                                                   Headers original, String reason, String detail) {
        return List.of(DeadLetters.of(Topics.STATS_STREAMS_DLQ, CONSUMER, application,
                new DeadLetters.Source(source.topic(), source.partition(), source.offset()), key, value, original, reason, detail));
    }

    /** The application.id in a handler's configuration. */
    static String application(Map<String, ?> configs) {
        return String.valueOf(configs.get(StreamsConfig.APPLICATION_ID_CONFIG));
    }
}
