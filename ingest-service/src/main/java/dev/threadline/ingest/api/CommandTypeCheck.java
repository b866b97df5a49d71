package dev.threadline.ingest.api;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.threadline.ingest.command.ConversationCommand;
import io.micronaut.core.type.Argument;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.Decoder;
import io.micronaut.serde.Deserializer;
import io.micronaut.serde.LimitingStream;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.ReferencePath;
import io.micronaut.serde.support.util.JsonNodeDecoder;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A batch item's {@code type} names its command. Serde on its own answers a missing or unknown type with "no default
 * constructor" for the whole item; this reads the item, and if its type is not one of the command names, fails naming
 * {@code type} and the names it may have. A known type is bound by Micronaut's own deserializer.
 */
final class CommandTypeCheck<T> implements Deserializer<T> {

    private static final String TYPE = "type";
    private static final List<String> NAMES = Arrays.stream(ConversationCommand.class.getAnnotation(JsonSubTypes.class).value())
            .map(JsonSubTypes.Type::name).toList();

    private final Deserializer<T> commands;

    CommandTypeCheck(Deserializer<T> commands) {
        this.commands = commands;
    }

    static boolean applies(Argument<?> type) {
        return type.getType() == ConversationCommand.class;
    }

    @Override
    public Deserializer<T> createSpecific(DecoderContext context, Argument<? super T> type) throws SerdeException {
        return new CommandTypeCheck<>(commands.createSpecific(context, type));
    }

    @Override
    public T deserialize(Decoder decoder, DecoderContext context, Argument<? super T> type) throws IOException {
        JsonNode item = decoder.decodeNode();
        if (item.isObject()) {
            JsonNode name = item.get(TYPE);
            if (name == null || !name.isString() || !NAMES.contains(name.getStringValue())) {
                SerdeException unknown = new SerdeException("must be one of " + String.join(", ", NAMES));
                unknown.getPath().add(ReferencePath.ofProperty(ConversationCommand.class, Argument.of(String.class, TYPE)));
                throw unknown;
            }
        }
        return commands.deserialize(JsonNodeDecoder.create(item, LimitingStream.DEFAULT_LIMITS), context, type);
    }
}
