package dev.threadline.ingest.service;

import dev.threadline.events.Role;
import dev.threadline.ingest.command.ActorSpec;
import dev.threadline.ingest.command.ConversationCommand;
import dev.threadline.ingest.command.EditMessageBody;
import dev.threadline.security.Caller;
import java.util.Optional;

/**
 * Which commands a caller may send over HTTP (docs/security.md, "Authentication"): a {@code service} token (another microservice)
 * or an {@code admin} token anything in its tenant; a {@code user} or {@code agent} token only to post, edit and
 * delete messages as itself (sender, actor = its {@code sub}, sender role one of its roles) and to mark its own reads
 * and flags; any other token nothing. The tenant itself is the token's ({@link Caller#tenant}), so no check can cross it.
 */
final class CommandPermissions {

    private CommandPermissions() {
    }

    /**
     * The command as {@code caller} sends it: an edit or a deletion without an actor, from a user or agent token, is the
     * caller's own (as itself, in its user role, else its agent role), so that {@code DELETE …/messages/{id}} works for
     * the message's author; anything else as it came.
     */
    static ConversationCommand asSentBy(Caller caller, ConversationCommand command) {
        if (caller == null || caller.roles().contains("service") || caller.roles().contains("admin")) {
            return command;
        }
        Role role = caller.roles().contains("user") ? Role.user : caller.roles().contains("agent") ? Role.agent : null;
        if (role == null) {
            return command;
        }
        ActorSpec self = new ActorSpec(caller.id(), role);
        return switch (command) {
            case ConversationCommand.Edit edit when edit.edit() != null && edit.edit().actor() == null ->
                    new ConversationCommand.Edit(edit.conversationId(), edit.messageId(),
                            new EditMessageBody(edit.edit().content(), self, edit.edit().occurredAt()));
            case ConversationCommand.DeleteMessage delete when delete.actor() == null ->
                    new ConversationCommand.DeleteMessage(delete.conversationId(), delete.messageId(), self, delete.occurredAt());
            default -> command;
        };
    }

    /**
     * Whether {@code caller} imports history: a {@code service} or {@code admin} token that also holds the {@code import}
     * role may give its commands any past time; everyone else, and every caller while authentication is off, stays
     * within the backdating limit ({@code threadline.ingest.max-backdating}).
     */
    static boolean mayImport(Caller caller) {
        return caller != null && caller.roles().contains("import")
                && (caller.roles().contains("service") || caller.roles().contains("admin"));
    }

    /** Why {@code caller} may not send {@code command}; empty if it may. */
    static Optional<String> refusal(Caller caller, ConversationCommand command) {
        if (command instanceof ConversationCommand.Purge && !caller.roles().contains("admin")) {
            return Optional.of("only an admin token purges a conversation (the token's roles are " + caller.roles() + ")");
        }
        if (caller.roles().contains("service") || caller.roles().contains("admin")) {
            return Optional.empty();
        }
        if (!caller.roles().contains("user") && !caller.roles().contains("agent")) {
            return Optional.of("the token's roles " + caller.roles() + " may not send commands (service, admin, user or agent may)");
        }
        return switch (command) {
            case ConversationCommand.Post post -> same(caller, post.message().senderId(), "message.senderId")
                    .or(() -> caller.roles().contains(post.message().senderRole().name()) ? Optional.empty()
                            : Optional.of("message.senderRole must be a role of the token " + caller.roles()));
            case ConversationCommand.Edit edit -> actorIsCaller(caller, edit.edit().actor());
            case ConversationCommand.DeleteMessage delete -> actorIsCaller(caller, delete.actor());
            case ConversationCommand.Read read -> same(caller, read.read().userId(), "userId");
            case ConversationCommand.Flag flag -> same(caller, flag.flags().userId(), "userId");
            default -> Optional.of("a user or agent token may only post, edit and delete messages as itself and mark its "
                    + "own reads and flags; other commands come from a service or an admin");
        };
    }

    private static Optional<String> actorIsCaller(Caller caller, ActorSpec actor) {
        Optional<String> self = same(caller, actor == null ? null : actor.id(), "actor.id");
        if (self.isPresent() || actor == null) {
            return self;
        }
        Role role = actor.role();
        return caller.roles().contains(role.name()) ? Optional.empty()
                : Optional.of("actor.role must be a role of the token " + caller.roles());
    }

    private static Optional<String> same(Caller caller, String acting, String field) {
        return caller.id().equals(acting) ? Optional.empty()
                : Optional.of(field + " must be the token's subject (" + caller.id() + ")");
    }
}
