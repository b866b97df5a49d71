package dev.threadline.thread.persistence;

import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Encodes and decodes the JSONB attribute columns: the projection's writers encode, the queries' row views decode. */
@Singleton
public class JsonColumns {

    private final JsonMapper mapper;

    public JsonColumns(JsonMapper mapper) {
        this.mapper = mapper;
    }

    public String write(Map<String, String> attributes) {
        if (attributes == null) {
            return null;
        }
        try {
            return mapper.writeValueAsString(attributes);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode attributes", e);
        }
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> read(String json) {
        try {
            // Most rows have no attributes: PostgreSQL's text of an empty jsonb object needs no parser.
            return json == null || json.equals("{}") ? Map.of() : mapper.readValue(json, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot decode attributes", e);
        }
    }
}
