package dev.threadline.ingest.command;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Pattern;

/**
 * How a user is erased ({@code POST /v1/users/{userId}/erasure}, docs/lifecycle.md).
 *
 * @param replaceWith   what stands where the user stood as a sender or creator: {@code pseudonym} (the default), a
 *                      pseudonym chosen now, the same in every conversation; or {@code null}, nobody
 * @param redactContent whether the content of the user's messages is redacted too (default false)
 */
@Serdeable
public record ErasureBody(@Nullable @Pattern(regexp = "pseudonym|null", message = "must be pseudonym or null") String replaceWith,
                          @Nullable Boolean redactContent) {

    /** Erasure with the defaults: a pseudonym, the content kept. */
    public static final ErasureBody DEFAULTS = new ErasureBody(null, null);

    public boolean usesPseudonym() {
        return replaceWith == null || replaceWith.equals("pseudonym");
    }

    public boolean redactsContent() {
        return Boolean.TRUE.equals(redactContent);
    }
}
