package dev.threadline.ingest.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** Moves a participant's read horizon: the body of {@code POST /v1/conversations/{id}/read}. Exactly one of the positions; {@code occurredAt} is when it was read (default: now). */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record MarkReadBody(
        @NotBlank @Size(max = 200) String userId,
        @Nullable @Positive Long upToSeq,
        @Nullable @Uuid String upToMessageId,
        @Nullable Instant occurredAt) {
}
