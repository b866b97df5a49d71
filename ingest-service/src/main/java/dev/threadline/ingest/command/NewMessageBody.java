package dev.threadline.ingest.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.threadline.events.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Map;

/**
 * A message to post: the body of {@code POST /v1/conversations/{id}/messages} and the optional
 * first message of a new conversation. The content's size limit is in UTF-8 bytes and
 * configurable, so it is checked by the command rules rather than an annotation.
 *
 * @param id          optional client-chosen message id (a UUID); a retry with the same id stores one message
 * @param occurredAt  when the message was written; defaults to now, bounded by the clock-skew rule
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record NewMessageBody(
        @Nullable @Uuid String id,
        @Nullable @Size(max = 200) String senderId,
        @NotNull Role senderRole,
        @NotBlank String content,
        @Nullable @Size(max = 100) String contentType,
        @Nullable @PositiveOrZero Integer tokensUsed,
        @Nullable @Size(max = 200) String model,
        @Nullable @Uuid String replyTo,
        @Nullable @Size(max = 100) Map<String, @NotNull @Size(max = 2_000) String> attributes,
        @Nullable Instant occurredAt) {
}
