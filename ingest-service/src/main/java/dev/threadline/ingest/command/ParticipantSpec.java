package dev.threadline.ingest.command;

import dev.threadline.events.Role;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** A member named in a command: a user id from the caller's user system and the role they hold. */
@Serdeable
public record ParticipantSpec(@NotBlank @Size(max = 200) String userId, @NotNull Role role) {
}
