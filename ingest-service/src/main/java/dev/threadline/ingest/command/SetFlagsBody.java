package dev.threadline.ingest.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** One participant's personal flags: the body of {@code PUT /v1/conversations/{id}/flags}. Absent flags stay as they are; {@code occurredAt} is when they were set (default: now). */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record SetFlagsBody(
        @NotBlank @Size(max = 200) String userId,
        @Nullable Boolean archived,
        @Nullable Boolean pinned,
        @Nullable Boolean favorited,
        @Nullable Boolean muted,
        @Nullable Instant occurredAt) {

    public boolean changesNothing() {
        return archived == null && pinned == null && favorited == null && muted == null;
    }
}
