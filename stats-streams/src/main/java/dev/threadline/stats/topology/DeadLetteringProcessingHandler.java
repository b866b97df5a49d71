package dev.threadline.stats.topology;

import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event the per-conversation processor refuses ({@link UnprocessableEventException}: a tombstone, a key that is not
 * its conversation id) goes to the dead-letter topic with its original bytes, and the stream goes on. Any other
 * exception is a bug and stops the stream thread: skipping would silently lose counts.
 */
public final class DeadLetteringProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetteringProcessingHandler.class);

    /** The Kafka Streams application.id, in each dead letter's application header; set by {@link #configure}. */
    private String application = StatsDeadLetters.CONSUMER;
    private StatsMeters meters = StatsMeters.unregistered();

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!(exception instanceof UnprocessableEventException unprocessable)) {
            return Response.fail();
        }
        LOG.warn("Dead-lettering {}-{}@{}: {} ({})", context.topic(), context.partition(), context.offset(),
                unprocessable.reason(), unprocessable.getMessage());
        meters.deadLettered(unprocessable.reason());
        return Response.resume(StatsDeadLetters.of(application, context, context.sourceRawKey(), context.sourceRawValue(),
                context.headers(), unprocessable.reason(), unprocessable.getMessage()));
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // The dead-letter topic comes from the registry; the application names the dead letters.
        application = StatsDeadLetters.application(configs);
        meters = StatsMeters.of(configs);
    }
}
