package dev.threadline.ingest.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Starts a conversation, optionally with its first message: the body of {@code POST /v1/conversations}.
 * Start and first message are published atomically.
 *
 * @param id          optional client-chosen conversation id (a UUID)
 * @param createdBy   user who starts it; defaults to the first message's sender
 * @param attributes  references into the caller's domain (offerId, propertyId, sessionId, planned dates…)
 * @param occurredAt  when the conversation started; defaults to the first message's {@code occurredAt}, else now
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record StartConversationBody(
        @Nullable @Uuid String id,
        @NotNull ConversationKind kind,
        @Nullable @Size(max = 500) String title,
        @Nullable ConversationStatus status,
        @Nullable Priority priority,
        @Nullable @Size(max = 200) String createdBy,
        @Nullable @Size(max = 1_000) List<@Valid @NotNull ParticipantSpec> participants,
        @Nullable @Size(max = 100) List<@NotBlank @Size(max = 100) String> tags,
        @Nullable @Size(max = 100) Map<String, @NotNull @Size(max = 2_000) String> attributes,
        @Nullable @Size(max = 200) String model,
        @Nullable @Positive Integer contextWindow,
        @Nullable @Valid NewMessageBody firstMessage,
        @Nullable Instant occurredAt) {

    public List<ParticipantSpec> participantsOrEmpty() {
        return participants == null ? List.of() : participants;
    }
}
