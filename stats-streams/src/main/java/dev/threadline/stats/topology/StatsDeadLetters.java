package dev.threadline.stats.topology;

import dev.threadline.schemas.topics.DeadLetterHeaders;
import dev.threadline.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * Dead letters of stats-streams: the rejected record's key, value and headers exactly as they arrived on
 * conversation-events, plus the reason and where it was read, on {@link Topics#STATS_STREAMS_DLQ}. Kafka Streams
 * writes them in the same transaction as the task's other output, so a dead letter is neither lost nor doubled.
 */
final class StatsDeadLetters {

    /** Names this service in the dead letter's consumer header. */
    static final String CONSUMER = "stats-streams";

    private StatsDeadLetters() {
    }

    static List<ProducerRecord<byte[], byte[]>> of(ErrorHandlerContext source, byte[] key, byte[] value, Headers original,
                                                   String reason, String detail) {
        RecordHeaders headers = new RecordHeaders(original == null ? new org.apache.kafka.common.header.Header[0] : original.toArray());
        set(headers, DeadLetterHeaders.REASON, reason);
        set(headers, DeadLetterHeaders.DETAIL, detail);
        set(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        set(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        set(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        set(headers, DeadLetterHeaders.CONSUMER, CONSUMER);
        return List.of(new ProducerRecord<>(Topics.STATS_STREAMS_DLQ.name(), null, key, value, headers));
    }

    private static void set(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
