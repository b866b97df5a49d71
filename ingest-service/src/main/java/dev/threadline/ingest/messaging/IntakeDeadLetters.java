package dev.threadline.ingest.messaging;

import dev.threadline.schemas.topics.DeadLetterHeaders;
import dev.threadline.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead letters of the intake: the rejected record's key, value and headers exactly as they arrived,
 * plus the reason and where it was read, on conversation-commands.dlq. A record re-driven from the
 * dead-letter topic and rejected again carries only the latest reason.
 */
final class IntakeDeadLetters {

    /** Names this service in the dead letter's consumer header. */
    static final String CONSUMER = "ingest-service";

    private IntakeDeadLetters() {
    }

    static ProducerRecord<byte[], byte[]> of(ConsumerRecord<byte[], byte[]> source, String reason, String detail) {
        var headers = new RecordHeaders(source.headers().toArray());
        set(headers, DeadLetterHeaders.REASON, reason);
        set(headers, DeadLetterHeaders.DETAIL, detail);
        set(headers, DeadLetterHeaders.SOURCE_TOPIC, source.topic());
        set(headers, DeadLetterHeaders.SOURCE_PARTITION, Integer.toString(source.partition()));
        set(headers, DeadLetterHeaders.SOURCE_OFFSET, Long.toString(source.offset()));
        set(headers, DeadLetterHeaders.CONSUMER, CONSUMER);
        return new ProducerRecord<>(Topics.CONVERSATION_COMMANDS_DLQ.name(), null, source.key(), source.value(), headers);
    }

    private static void set(RecordHeaders headers, String name, String value) {
        headers.remove(name);
        headers.add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
    }
}
