package dev.threadline.ingest.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;

/**
 * New content for a message: the body of {@code PATCH /v1/conversations/{id}/messages/{messageId}};
 * {@code occurredAt} is when it was edited (default: now).
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record EditMessageBody(@NotBlank String content, @Nullable @Valid ActorSpec actor, @Nullable Instant occurredAt) {
}
