package dev.threadline.ingest.messaging;

import dev.threadline.schemas.topics.DeadLetters;
import dev.threadline.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

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
        return DeadLetters.of(Topics.CONVERSATION_COMMANDS_DLQ, CONSUMER,
                new DeadLetters.Source(source.topic(), source.partition(), source.offset()), source.key(), source.value(),
                source.headers(), reason, detail);
    }
}
