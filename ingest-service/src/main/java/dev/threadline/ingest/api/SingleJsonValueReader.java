package dev.threadline.ingest.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.Headers;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.body.MessageBodyReader;
import io.micronaut.http.codec.CodecException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.body.JsonMessageHandler;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the JSON bodies of the ingest API as exactly one JSON value: Micronaut's JSON reader stops
 * after the first value and ignores whatever follows ({@code {...} garbage}, {@code {...}{...}}),
 * so a truncated or concatenated request would be half-accepted. Binding itself is Micronaut's,
 * with its strict settings; this reader only refuses trailing content. It runs before
 * {@link JsonMessageHandler} and only for the ingest service's own body types.
 */
@Singleton
@Consumes(MediaType.APPLICATION_JSON)
@Order(JsonMessageHandler.ORDER - 10)
final class SingleJsonValueReader<T> implements MessageBodyReader<T> {

    private static final JsonFactory TOKENS = new JsonFactory();

    private final JsonMapper mapper;

    SingleJsonValueReader(JsonMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public boolean isReadable(Argument<T> type, MediaType mediaType) {
        return type.getType().getPackageName().startsWith("dev.threadline.ingest");
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers headers, InputStream input) throws CodecException {
        try {
            byte[] body = input.readAllBytes();
            T value = mapper.readValue(body, type);
            requireNothingAfterTheValue(body);
            return value;
        } catch (CodecException e) {
            throw e;
        } catch (IOException e) {
            throw new CodecException(e.getMessage(), e);
        }
    }

    private static void requireNothingAfterTheValue(byte[] body) throws IOException {
        try (JsonParser parser = TOKENS.createParser(body)) {
            parser.nextToken();
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new CodecException("The body must be one JSON value; content follows it at character "
                        + parser.currentTokenLocation().getCharOffset());
            }
        }
    }
}
