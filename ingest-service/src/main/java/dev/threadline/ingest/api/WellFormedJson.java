package dev.threadline.ingest.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.threadline.problem.InvalidRequestException;
import dev.threadline.problem.Problem.FieldError;
import dev.threadline.problem.Utf8;
import io.micronaut.core.type.Argument;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a body must be before it is bound, each failure named by the path of the value at fault: UTF-8 (Jackson
 * decodes overlong forms such as {@code C0 AF} for '/' and encoded surrogates without complaint), no key twice in an
 * object (Jackson's own duplicate detection names no field), well-formed, and one JSON value with nothing after it
 * (Micronaut's reader stops after the first value). Types are left to the binding.
 */
final class WellFormedJson {

    private static final JsonFactory TOKENS = new JsonFactory();

    private WellFormedJson() {
    }

    /** @throws InvalidRequestException naming the first problem found */
    static void check(byte[] body, Argument<?> type) {
        long invalidUtf8At = Utf8.firstMalformed(body);
        // Where the bytes are not UTF-8 they are read as 'x's, so the tokens around them show whose value they are in.
        byte[] readable = invalidUtf8At < 0 ? body : placeholders(body);
        List<Object> lastPath = List.of();
        try (JsonParser parser = TOKENS.createParser(readable)) {
            Deque<Set<String>> keys = new ArrayDeque<>();
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (invalidUtf8At >= 0 && parser.currentTokenLocation().getByteOffset() > invalidUtf8At) {
                    break;
                }
                JsonStreamContext context = parser.getParsingContext();
                if (invalidUtf8At >= 0) {
                    // Only a value with invalid UTF-8 is named after the fact; a valid body builds no path per token.
                    lastPath = token == JsonToken.FIELD_NAME ? parentOf(path(context)) : path(context);
                }
                switch (token) {
                    case START_OBJECT -> keys.push(new HashSet<>());
                    case END_OBJECT -> keys.pop();
                    case FIELD_NAME -> {
                        if (!keys.element().add(parser.currentName())) {
                            throw invalid(path(context), type, "is given more than once");
                        }
                    }
                    default -> { }
                }
                if (context.inRoot() && (token.isStructEnd() || token.isScalarValue()) && invalidUtf8At < 0) {
                    requireNothingAfter(parser);
                }
            }
        } catch (JsonProcessingException e) {
            if (invalidUtf8At < 0) {
                List<Object> at = e.getProcessor() instanceof JsonParser parser ? path(parser.getParsingContext()) : lastPath;
                throw invalid(at, type, "is not valid JSON: " + e.getOriginalMessage());
            }
        } catch (IOException e) {
            throw invalid(List.of(), type, "cannot be read: " + e.getMessage());
        }
        if (invalidUtf8At >= 0) {
            throw invalid(lastPath, type, "is not valid UTF-8");
        }
    }

    private static void requireNothingAfter(JsonParser parser) throws IOException {
        long end = parser.currentLocation().getByteOffset();
        try {
            if (parser.nextToken() == null) {
                return;
            }
        } catch (JsonProcessingException e) {
            // What follows the value is no JSON either.
        }
        throw new InvalidRequestException(List.of(new FieldError(null,
                "The body must be one JSON value; content follows it at byte " + end)));
    }

    /** The body with every byte outside ASCII as 'x'; the offsets stay the same. */
    private static byte[] placeholders(byte[] body) {
        byte[] ascii = Arrays.copyOf(body, body.length);
        for (int i = 0; i < ascii.length; i++) {
            if (ascii[i] < 0) {
                ascii[i] = 'x';
            }
        }
        return ascii;
    }

    private static InvalidRequestException invalid(List<Object> at, Argument<?> type, String message) {
        return new InvalidRequestException(List.of(at.isEmpty()
                ? new FieldError(null, "The body " + message)
                : new FieldError(BodyFieldNames.name(at, type), message)));
    }

    /** Names and indexes from the root to the parser's current value. */
    private static List<Object> path(JsonStreamContext context) {
        Deque<Object> path = new ArrayDeque<>();
        for (JsonStreamContext level = context; level != null && !level.inRoot(); level = level.getParent()) {
            if (level.inArray() && level.getCurrentIndex() >= 0) {
                path.addFirst(level.getCurrentIndex());
            } else if (level.inObject() && level.getCurrentName() != null) {
                path.addFirst(level.getCurrentName());
            }
        }
        return new ArrayList<>(path);
    }

    private static List<Object> parentOf(List<Object> path) {
        return path.isEmpty() ? path : path.subList(0, path.size() - 1);
    }
}
