package dev.threadline.ingest.api;

import dev.threadline.ingest.command.BatchResult;
import dev.threadline.ingest.command.PublishedEvent;
import dev.threadline.problem.Problem.FieldError;
import io.micronaut.core.type.Argument;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.List;

/**
 * Writes a batch item's {@link BatchResult} field by field, as the generated serializer would with the service's
 * default inclusion (a null or empty value is left out; numbers are always written): a 500-command batch answers with
 * 500 of them, and the generic path (property introspection and an inclusion check per property, per receipt) took
 * about a tenth of ingest's CPU in batches. {@code BatchResultSerializerTest} holds it to the generic serializer's
 * output.
 */
@Singleton
final class BatchResultSerializer implements Serializer<BatchResult> {

    private static final Argument<List<FieldError>> ERRORS = Argument.listOf(FieldError.class);
    // Built once: an Argument per receipt showed up in profiles of ingest in the pipeline.
    private static final Argument<List<PublishedEvent>> RECEIPTS = Argument.listOf(PublishedEvent.class);
    private static final Argument<PublishedEvent> RECEIPT = Argument.of(PublishedEvent.class);

    @Override
    public void serialize(Encoder encoder, EncoderContext context, Argument<? extends BatchResult> type, BatchResult result)
            throws IOException {
        Encoder object = encoder.encodeObject(type);
        object.encodeKey("index");
        object.encodeInt(result.index());
        object.encodeKey("status");
        object.encodeInt(result.status());
        text(object, "conversationId", result.conversationId());
        text(object, "messageId", result.messageId());
        List<PublishedEvent> events = result.events();
        if (events != null && !events.isEmpty()) {
            object.encodeKey("events");
            Encoder array = object.encodeArray(RECEIPTS);
            for (PublishedEvent event : events) {
                receipt(array, event);
            }
            array.finishStructure();
        }
        List<FieldError> errors = result.errors();
        if (errors != null && !errors.isEmpty()) {
            object.encodeKey("errors");
            context.findSerializer(ERRORS).createSpecific(context, ERRORS).serialize(object, context, ERRORS, errors);
        }
        object.finishStructure();
    }

    private static void receipt(Encoder array, PublishedEvent event) throws IOException {
        if (event == null) {
            array.encodeNull();
            return;
        }
        Encoder receipt = array.encodeObject(RECEIPT);
        text(receipt, "eventId", event.eventId());
        text(receipt, "type", event.type());
        receipt.encodeKey("partition");
        receipt.encodeInt(event.partition());
        receipt.encodeKey("offset");
        receipt.encodeLong(event.offset());
        receipt.finishStructure();
    }

    private static void text(Encoder object, String key, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            object.encodeKey(key);
            object.encodeString(value);
        }
    }
}
