package dev.threadline.ingest.command;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/**
 * Every command the ingest service executes, whichever way it came in: an HTTP endpoint, an item
 * of {@code POST /v1/batch} (where {@code type} names the command) or a record of the Kafka
 * intake topic. One type means one set of rules and one way to turn a command into events.
 */
@Serdeable
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ConversationCommand.Start.class, name = "startConversation"),
        @JsonSubTypes.Type(value = ConversationCommand.Post.class, name = "postMessage"),
        @JsonSubTypes.Type(value = ConversationCommand.Update.class, name = "updateConversation"),
        @JsonSubTypes.Type(value = ConversationCommand.AddParticipant.class, name = "addParticipant"),
        @JsonSubTypes.Type(value = ConversationCommand.RemoveParticipant.class, name = "removeParticipant"),
        @JsonSubTypes.Type(value = ConversationCommand.Read.class, name = "markRead"),
        @JsonSubTypes.Type(value = ConversationCommand.Flag.class, name = "setFlags"),
        @JsonSubTypes.Type(value = ConversationCommand.Edit.class, name = "editMessage"),
        @JsonSubTypes.Type(value = ConversationCommand.DeleteMessage.class, name = "deleteMessage"),
        @JsonSubTypes.Type(value = ConversationCommand.DeleteConversation.class, name = "deleteConversation"),
        @JsonSubTypes.Type(value = ConversationCommand.Purge.class, name = "purgeConversation")})
public sealed interface ConversationCommand {

    /** The conversation the command is for; null only for a start without a client-chosen id. */
    @Nullable
    String conversationId();

    /** When the command's change happened in the caller's world, if the caller said; its events' {@code occurred_at}. */
    @Nullable
    Instant occurredAt();

    /** Where {@link #occurredAt()} sits in the command, for error messages. */
    String occurredAtField();

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record Start(@NotNull @Valid StartConversationBody conversation) implements ConversationCommand {
        @Override
        public String conversationId() {
            return conversation.id();
        }

        @Override
        public Instant occurredAt() {
            return conversation.occurredAt();
        }

        @Override
        public String occurredAtField() {
            return "conversation.occurredAt";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record Post(@NotNull @Uuid String conversationId,
                @NotNull @Valid NewMessageBody message) implements ConversationCommand {
        @Override
        public Instant occurredAt() {
            return message.occurredAt();
        }

        @Override
        public String occurredAtField() {
            return "message.occurredAt";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record Update(@NotNull @Uuid String conversationId,
                  @NotNull @Valid UpdateConversationBody changes) implements ConversationCommand {
        @Override
        public Instant occurredAt() {
            return changes.occurredAt();
        }

        @Override
        public String occurredAtField() {
            return "changes.occurredAt";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record AddParticipant(@NotNull @Uuid String conversationId,
                          @NotNull @Valid ParticipantSpec participant) implements ConversationCommand {
        @Override
        public Instant occurredAt() {
            return participant.occurredAt();
        }

        @Override
        public String occurredAtField() {
            return "participant.occurredAt";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record RemoveParticipant(@NotNull @Uuid String conversationId,
                             @NotBlank @Size(max = 200) String userId,
                             @Nullable @Valid ActorSpec actor,
                             @Nullable Instant occurredAt) implements ConversationCommand {
        @Override
        public String occurredAtField() {
            return "occurredAt";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record Read(@NotNull @Uuid String conversationId,
                @NotNull @Valid MarkReadBody read) implements ConversationCommand {
        @Override
        public Instant occurredAt() {
            return read.occurredAt();
        }

        @Override
        public String occurredAtField() {
            return "read.occurredAt";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record Flag(@NotNull @Uuid String conversationId,
                @NotNull @Valid SetFlagsBody flags) implements ConversationCommand {
        @Override
        public Instant occurredAt() {
            return flags.occurredAt();
        }

        @Override
        public String occurredAtField() {
            return "flags.occurredAt";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record Edit(@NotNull @Uuid String conversationId,
                @NotNull @Uuid String messageId,
                @NotNull @Valid EditMessageBody edit) implements ConversationCommand {
        @Override
        public Instant occurredAt() {
            return edit.occurredAt();
        }

        @Override
        public String occurredAtField() {
            return "edit.occurredAt";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record DeleteMessage(@NotNull @Uuid String conversationId,
                         @NotNull @Uuid String messageId,
                         @Nullable @Valid ActorSpec actor,
                         @Nullable Instant occurredAt) implements ConversationCommand {
        @Override
        public String occurredAtField() {
            return "occurredAt";
        }
    }

    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record DeleteConversation(@NotNull @Uuid String conversationId,
                              @Nullable @Size(max = 1_000) String reason,
                              @Nullable @Valid ActorSpec actor,
                         @Nullable Instant occurredAt) implements ConversationCommand {
        @Override
        public String occurredAtField() {
            return "occurredAt";
        }
    }

    /** An admin's purge: the conversation's rows are deleted for good and its later events ignored (docs/lifecycle.md). */
    @Serdeable
    @JsonIgnoreProperties(ignoreUnknown = false)
    record Purge(@NotNull @Uuid String conversationId,
                 @Nullable @Size(max = 1_000) String reason,
                 @Nullable @Valid ActorSpec actor,
                 @Nullable Instant occurredAt) implements ConversationCommand {
        @Override
        public String occurredAtField() {
            return "occurredAt";
        }
    }
}
