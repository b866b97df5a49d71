package dev.threadline.ingest.api;

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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the JSON bodies of the ingest API as exactly one well-formed JSON value ({@link WellFormedJson}): Micronaut's
 * JSON reader stops after the first value and ignores whatever follows ({@code {...} garbage}, {@code {...}{...}}),
 * so a truncated or concatenated request would be half-accepted, and it takes overlong UTF-8. Binding itself is
 * Micronaut's, with its strict settings; a batch is read by {@link BatchBodyReader} first, which binds the same way
 * in one pass and leaves any body it does not expect to this general way. It runs before {@link JsonMessageHandler}
 * and only for the ingest service's own body types.
 */
@Singleton
@Consumes(MediaType.APPLICATION_JSON)
@Order(JsonMessageHandler.ORDER - 10)
final class SingleJsonValueReader<T> implements MessageBodyReader<T> {

    private final JsonMapper mapper;
    private final BatchBodyReader batches;

    SingleJsonValueReader(JsonMapper mapper) {
        this.mapper = mapper;
        this.batches = new BatchBodyReader(mapper);
    }

    @Override
    public boolean isReadable(Argument<T> type, MediaType mediaType) {
        return type.getType().getPackageName().startsWith("dev.threadline.ingest");
    }

    @Override
    @SuppressWarnings("unchecked")
    public T read(Argument<T> type, MediaType mediaType, Headers headers, InputStream input) throws CodecException {
        try {
            byte[] body = readAll(input);
            if (type.getType() == BatchController.BatchRequest.class) {
                BatchController.BatchRequest batch = batches.read(body);
                if (batch != null) {
                    return (T) batch;
                }
            }
            WellFormedJson.check(body, type);
            return mapper.readValue(body, type);
        } catch (CodecException e) {
            throw e;
        } catch (IOException e) {
            throw new CodecException(e.getMessage(), e);
        }
    }

    /**
     * The whole body, read into an array of its size when the stream knows it (Micronaut's body streams do):
     * {@code readAllBytes} starts with a 16 KiB buffer for a message of a few hundred bytes, 2.6 % of ingest's CPU per
     * single message, and copies a batch's body chunk by chunk.
     */
    static byte[] readAll(InputStream input) throws IOException {
        int expected = input.available();
        if (expected <= 0) {
            return input.readAllBytes();
        }
        byte[] first = input.readNBytes(expected);
        int next = input.read();
        if (next < 0) {
            return first;
        }
        ByteArrayOutputStream more = new ByteArrayOutputStream(first.length * 2);
        more.write(first);
        more.write(next);
        input.transferTo(more);
        return more.toByteArray();
    }
}
