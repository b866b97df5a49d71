package dev.threadline.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem detail. {@code errors} extends the standard members with one entry per
 * offending field, so a caller can point at exactly what to fix.
 */
@Serdeable
public record Problem(
        String type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable String instance,
        List<FieldError> errors) {

    /** The media type of every Threadline error body. */
    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One reason a request was rejected; {@code field} is a JSON path into the request, or null (and then left out).
     * A field named by the empty string, as an unknown property {@code ""} is, keeps its name.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(@Nullable String field, String message) {
    }
}
