package dev.threadline.ingest.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.threadline.events.Role;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Who issues a command that is not a message: a user id (null for the system) and the role they act in. */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record ActorSpec(@Nullable @Size(max = 200) String id, @NotNull Role role) {
}
