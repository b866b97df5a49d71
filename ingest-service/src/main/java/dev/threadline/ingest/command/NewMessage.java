package dev.threadline.ingest.command;

import dev.threadline.events.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A message to post: the body of {@code POST /v1/conversations/{id}/messages} and the optional
 * first message of a new conversation.
 *
 * @param id  optional client-chosen message id (a UUID); a retry with the same id stores one message
 */
@Serdeable
public record NewMessage(
        @Nullable @Pattern(regexp = Ids.UUID_PATTERN, message = "must be a UUID") String id,
        @Nullable @Size(max = 200) String senderId,
        @NotNull Role senderRole,
        @NotBlank @Size(max = 32_768) String content,
        @Nullable @Size(max = 100) String contentType,
        @Nullable @PositiveOrZero Integer tokensUsed,
        @Nullable @Size(max = 200) String model,
        @Nullable @Pattern(regexp = Ids.UUID_PATTERN, message = "must be a UUID") String replyTo,
        @Nullable Map<String, String> attributes) {
}
