package dev.threadline.ingest.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.threadline.events.Role;
import dev.threadline.ingest.api.BatchController.BatchRequest;
import dev.threadline.ingest.command.ConversationCommand;
import dev.threadline.ingest.command.NewMessageBody;
import dev.threadline.problem.Utf8;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads a {@code POST /v1/batch} body in one pass of Jackson's tokens: a post ({@code "type": "postMessage"} first, the
 * fields of the API with the JSON types it documents, no key twice) becomes its command directly, any other item is
 * bound by the service's general binding on its own bytes. The general way (a tree per item, then binding from the
 * tree, after {@link WellFormedJson}'s own pass) was a quarter of ingest's CPU in batches.
 *
 * <p>It never decides that a body is wrong: at the first thing it does not expect (invalid UTF-8, a body that is not
 * {@code {"commands": [...]}}, an item the general binding refuses, content after the body, deep nesting) it answers
 * null and the body takes the general way, which names what is wrong. So it may give up on more bodies than the
 * general way refuses, never accept one it refuses or bind one differently ({@code BatchBodyReaderTest} compares
 * both on generated and mutated bodies).
 */
final class BatchBodyReader {

    private static final JsonFactory TOKENS = new JsonFactory();
    private static final Argument<ConversationCommand> COMMAND = Argument.of(ConversationCommand.class);
    private static final Map<String, Role> ROLES = Arrays.stream(Role.values())
            .collect(Collectors.toUnmodifiableMap(Role::name, Function.identity()));
    /** An item nested deeper than this goes the general way, whose parser limits depth for the body as a whole. */
    private static final int MAX_ITEM_DEPTH = 32;

    private final JsonMapper mapper;

    BatchBodyReader(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The request of {@code body}, or null if it is to be read the general way. */
    BatchRequest read(byte[] body) {
        if (Utf8.firstMalformed(body) >= 0) {
            return null;
        }
        try (JsonParser parser = TOKENS.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT || parser.nextToken() != JsonToken.FIELD_NAME
                    || !"commands".equals(parser.currentName()) || parser.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<ConversationCommand> commands = new ArrayList<>();
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                ConversationCommand command = token == JsonToken.START_OBJECT ? item(parser, body) : null;
                if (command == null) {
                    return null;
                }
                commands.add(command);
            }
            if (parser.nextToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                return null;
            }
            return new BatchRequest(commands);
        } catch (IOException | RuntimeException e) {
            // Not well-formed, or not what the fast path reads: the general way says what is wrong, if anything is.
            return null;
        }
    }

    /** The item whose START_OBJECT is the current token: a post read directly, else bound the general way. */
    private ConversationCommand item(JsonParser parser, byte[] body) throws IOException {
        int start = (int) parser.currentTokenLocation().getByteOffset();
        ConversationCommand post = post(parser);
        if (post != null) {
            return post;
        }
        if (!skipRestOfObject(parser)) {
            return null;
        }
        int end = (int) parser.currentLocation().getByteOffset();
        try {
            return mapper.readValue(Arrays.copyOfRange(body, start, end), COMMAND);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A post read from its tokens, or null at the first thing a plain post does not have (the parser then stands
     * somewhere inside the item).
     */
    private static ConversationCommand post(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.FIELD_NAME || !"type".equals(parser.currentName())
                || parser.nextToken() != JsonToken.VALUE_STRING || !"postMessage".equals(parser.getText())) {
            return null;
        }
        String conversationId = null;
        NewMessageBody message = null;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("conversationId".equals(name) && conversationId == null && value == JsonToken.VALUE_STRING) {
                conversationId = parser.getText();
            } else if ("message".equals(name) && message == null && value == JsonToken.START_OBJECT) {
                message = message(parser);
                if (message == null) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return conversationId == null || message == null ? null : new ConversationCommand.Post(conversationId, message);
    }

    private static NewMessageBody message(JsonParser parser) throws IOException {
        String id = null;
        String senderId = null;
        Role senderRole = null;
        String content = null;
        String contentType = null;
        Integer tokensUsed = null;
        String model = null;
        String replyTo = null;
        Map<String, String> attributes = null;
        Instant occurredAt = null;
        int seen = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String name = parser.currentName();
            int field = switch (name) {
                case "id" -> 1;
                case "senderId" -> 1 << 1;
                case "senderRole" -> 1 << 2;
                case "content" -> 1 << 3;
                case "contentType" -> 1 << 4;
                case "tokensUsed" -> 1 << 5;
                case "model" -> 1 << 6;
                case "replyTo" -> 1 << 7;
                case "attributes" -> 1 << 8;
                case "occurredAt" -> 1 << 9;
                default -> 0;
            };
            if (field == 0 || (seen & field) != 0) {
                return null;
            }
            seen |= field;
            JsonToken value = parser.nextToken();
            if (value == JsonToken.VALUE_NULL) {
                // Absent, as the general way binds it; a required field still null at the end gives up below.
                continue;
            }
            switch (name) {
                case "tokensUsed" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() != JsonParser.NumberType.INT) {
                        return null;
                    }
                    tokensUsed = parser.getIntValue();
                }
                case "attributes" -> {
                    attributes = value == JsonToken.START_OBJECT ? attributes(parser) : null;
                    if (attributes == null) {
                        return null;
                    }
                }
                default -> {
                    if (value != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    String text = parser.getText();
                    switch (name) {
                        case "id" -> id = text;
                        case "senderId" -> senderId = text;
                        case "senderRole" -> senderRole = ROLES.get(text);
                        case "content" -> content = text;
                        case "contentType" -> contentType = text;
                        case "model" -> model = text;
                        case "replyTo" -> replyTo = text;
                        default -> occurredAt = StrictScalarSerdeRegistry.toInstant(text);
                    }
                    if ((name.equals("senderRole") && senderRole == null) || (name.equals("occurredAt") && occurredAt == null)) {
                        return null;
                    }
                }
            }
        }
        if (senderRole == null || content == null) {
            return null;
        }
        return new NewMessageBody(id, senderId, senderRole, content, contentType, tokensUsed, model, replyTo, attributes,
                occurredAt);
    }

    /** An object of strings, each key once; null for anything else. */
    private static Map<String, String> attributes(JsonParser parser) throws IOException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            String key = parser.currentName();
            if (parser.nextToken() != JsonToken.VALUE_STRING || attributes.put(key, parser.getText()) != null) {
                return null;
            }
        }
        return attributes;
    }

    /**
     * Reads on to the end of the item the parser is somewhere inside ({@link #post} gives up at any depth); false if
     * the item nests deeper than an item may. Nesting depth: 1 the body, 2 its array, 3 an item.
     */
    private static boolean skipRestOfObject(JsonParser parser) throws IOException {
        while (parser.getParsingContext().getNestingDepth() > 2) {
            if (parser.nextToken() == null || parser.getParsingContext().getNestingDepth() > MAX_ITEM_DEPTH) {
                return false;
            }
        }
        return parser.currentToken() == JsonToken.END_OBJECT;
    }
}
