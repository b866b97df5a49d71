package dev.threadline.ingest.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.threadline.events.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * A member named in a command: a user id from the caller's user system and the role they hold.
 * As the body of {@code POST /v1/conversations/{id}/participants}, {@code actor} says who added them and
 * {@code occurredAt} when (default: now); in a start's list of participants both are refused, the start's own say it.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record ParticipantSpec(@NotBlank @Size(max = 200) String userId, @NotNull Role role, @Nullable @Valid ActorSpec actor,
                              @Nullable Instant occurredAt) {

    public ParticipantSpec(String userId, Role role) {
        this(userId, role, null, null);
    }
}
