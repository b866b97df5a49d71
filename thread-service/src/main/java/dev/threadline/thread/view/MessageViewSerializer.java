package dev.threadline.thread.view;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.Encoder;
import io.micronaut.serde.Serializer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * Writes a {@link MessageView} field by field, as the generated serializer would with the service's default
 * inclusion (a null or empty value is left out; numbers are always written): pages of messages are most of what the
 * read API encodes, and the generic path (property introspection, per-property inclusion checks, the general instant
 * formatter) cost more than the database did per page. {@code MessageViewSerializerTest} holds it to the generic
 * serializer's output.
 */
@Singleton
public final class MessageViewSerializer implements Serializer<MessageView> {

    private static final Argument<Map<String, String>> ATTRIBUTES = Argument.mapOf(String.class, String.class);

    @Override
    public void serialize(Encoder encoder, EncoderContext context, Argument<? extends MessageView> type, MessageView message)
            throws IOException {
        Encoder object = encoder.encodeObject(type);
        text(object, "id", message.id());
        text(object, "conversationId", message.conversationId());
        object.encodeKey("seq");
        object.encodeLong(message.seq());
        text(object, "senderId", message.senderId());
        text(object, "senderRole", message.senderRole());
        text(object, "content", message.content());
        text(object, "contentType", message.contentType());
        if (message.tokensUsed() != null) {
            object.encodeKey("tokensUsed");
            object.encodeInt(message.tokensUsed());
        }
        text(object, "model", message.model());
        text(object, "replyTo", message.replyTo());
        Map<String, String> attributes = message.attributes();
        if (attributes != null && !attributes.isEmpty()) {
            object.encodeKey("attributes");
            context.findSerializer(ATTRIBUTES).createSpecific(context, ATTRIBUTES).serialize(object, context, ATTRIBUTES, attributes);
        }
        instant(object, "createdAt", message.createdAt());
        instant(object, "ingestedAt", message.ingestedAt());
        instant(object, "editedAt", message.editedAt());
        object.finishStructure();
    }

    private static void text(Encoder object, String key, String value) throws IOException {
        if (value != null && !value.isEmpty()) {
            object.encodeKey(key);
            object.encodeString(value);
        }
    }

    private static void instant(Encoder object, String key, Instant value) throws IOException {
        if (value != null) {
            object.encodeKey(key);
            object.encodeString(IsoInstants.format(value));
        }
    }
}
