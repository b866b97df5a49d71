package dev.threadline.ingest.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Changes to a conversation: the body of {@code PATCH /v1/conversations/{id}}. Absent fields stay
 * as they are; lists replace the old list; attributes are merged key by key. A status change,
 * a priority change and a description change each become their own event, published together, all at
 * {@code occurredAt} (default: now).
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record UpdateConversationBody(
        @Nullable ConversationStatus status,
        @Nullable Priority priority,
        @Nullable @Size(max = 500) String title,
        @Nullable @Size(max = 10_000) String summary,
        @Nullable @Size(max = 100) List<@NotBlank @Size(max = 200) String> keyTopics,
        @Nullable @Size(max = 100) List<@NotBlank @Size(max = 100) String> tags,
        @Nullable @Size(max = 100) Map<String, @NotNull @Size(max = 2_000) String> attributes,
        @Nullable @Size(max = 1_000) String reason,
        @Nullable @Valid ActorSpec actor,
        @Nullable Instant occurredAt) {

    public boolean changesDescription() {
        return title != null || summary != null || keyTopics != null || tags != null || attributes != null;
    }

    public boolean changesNothing() {
        return status == null && priority == null && !changesDescription();
    }
}
