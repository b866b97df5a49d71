package dev.threadline.stats.topology;

import dev.threadline.schemas.serde.EventDecodingException;
import dev.threadline.schemas.serde.MalformedEventException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A conversation-events record that does not decode (not Avro single-object encoding, an unknown writer schema, a
 * corrupt body) goes to the dead-letter topic with the decoder's reason, and the stream goes on with the next record:
 * one bad record never stops the analytics.
 */
public final class DeadLetteringDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringDeserializationHandler.class);

    /** The Kafka Streams application.id, in each dead letter's application header; set by {@link #configure}. */
    private String application = StatsDeadLetters.CONSUMER;
    private StatsMeters meters = StatsMeters.unregistered();

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String reason = exception instanceof EventDecodingException decoding ? decoding.reason() : MalformedEventException.REASON;
        LOG.warn("Dead-lettering {}-{}@{}: {} ({})", record.topic(), record.partition(), record.offset(), reason,
                exception.getMessage());
        meters.deadLettered(reason);
        return Response.resume(StatsDeadLetters.of(application, context, record.key(), record.value(), record.headers(), reason,
                String.valueOf(exception.getMessage())));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // The dead-letter topic comes from the registry; the application names the dead letters.
        application = StatsDeadLetters.application(configs);
        meters = StatsMeters.of(configs);
    }
}
