package dev.threadline.ingest.command;

import dev.threadline.events.ConversationKind;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Starts a conversation, optionally with its first message: the body of {@code POST /v1/conversations}.
 *
 * @param id         optional client-chosen conversation id (a UUID)
 * @param createdBy  user who starts it; defaults to the first message's sender
 */
@Serdeable
public record StartConversation(
        @Nullable @Pattern(regexp = Ids.UUID_PATTERN, message = "must be a UUID") String id,
        @NotNull ConversationKind kind,
        @Nullable @Size(max = 500) String title,
        @Nullable @Size(max = 200) String createdBy,
        @Nullable @Size(max = 1_000) List<@Valid @NotNull ParticipantSpec> participants,
        @Nullable @Valid NewMessage firstMessage) {

    public List<ParticipantSpec> participantsOrEmpty() {
        return participants == null ? List.of() : participants;
    }
}
