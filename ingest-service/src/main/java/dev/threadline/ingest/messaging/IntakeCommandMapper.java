package dev.threadline.ingest.messaging;

import dev.threadline.commands.AddParticipant;
import dev.threadline.commands.ConversationCommandRecord;
import dev.threadline.commands.DeleteConversation;
import dev.threadline.commands.DeleteMessage;
import dev.threadline.commands.EditMessage;
import dev.threadline.commands.MarkRead;
import dev.threadline.commands.NewMessage;
import dev.threadline.commands.PostMessage;
import dev.threadline.commands.RemoveParticipant;
import dev.threadline.commands.SetFlags;
import dev.threadline.commands.StartConversation;
import dev.threadline.commands.UpdateConversation;
import dev.threadline.events.Actor;
import dev.threadline.events.Participant;
import dev.threadline.ingest.command.ActorSpec;
import dev.threadline.ingest.command.ConversationCommand;
import dev.threadline.ingest.command.EditMessageBody;
import dev.threadline.ingest.command.MarkReadBody;
import dev.threadline.ingest.command.NewMessageBody;
import dev.threadline.ingest.command.ParticipantSpec;
import dev.threadline.ingest.command.SetFlagsBody;
import dev.threadline.ingest.command.StartConversationBody;
import dev.threadline.ingest.command.UpdateConversationBody;
import java.util.List;

/**
 * Maps the Avro commands of the intake topic onto the ingest service's own command records, field
 * for field, so a command from Kafka passes exactly the rules and the event planning of its HTTP
 * twin. Nothing is checked here: an invalid value is carried over for the rules to reject.
 */
final class IntakeCommandMapper {

    private IntakeCommandMapper() {
    }

    static ConversationCommand toCommand(ConversationCommandRecord record) {
        return switch (record.getCommand()) {
            case StartConversation start -> new ConversationCommand.Start(start(start));
            case PostMessage post -> new ConversationCommand.Post(post.getConversationId(), message(post.getMessage()));
            case UpdateConversation update -> new ConversationCommand.Update(update.getConversationId(), changes(update));
            case AddParticipant add -> new ConversationCommand.AddParticipant(add.getConversationId(),
                    new ParticipantSpec(add.getParticipant().getUserId(), add.getParticipant().getRole(), actor(add.getActor()),
                            add.getOccurredAt()));
            case RemoveParticipant remove -> new ConversationCommand.RemoveParticipant(remove.getConversationId(),
                    remove.getUserId(), actor(remove.getActor()), remove.getOccurredAt());
            case MarkRead read -> new ConversationCommand.Read(read.getConversationId(),
                    new MarkReadBody(read.getUserId(), read.getUpToSeq(), read.getUpToMessageId(), read.getOccurredAt()));
            case SetFlags flags -> new ConversationCommand.Flag(flags.getConversationId(),
                    new SetFlagsBody(flags.getUserId(), flags.getArchived(), flags.getPinned(),
                            flags.getFavorited(), flags.getMuted(), flags.getOccurredAt()));
            case EditMessage edit -> new ConversationCommand.Edit(edit.getConversationId(), edit.getMessageId(),
                    new EditMessageBody(edit.getContent(), actor(edit.getActor()), edit.getOccurredAt()));
            case DeleteMessage delete -> new ConversationCommand.DeleteMessage(delete.getConversationId(),
                    delete.getMessageId(), actor(delete.getActor()), delete.getOccurredAt());
            case DeleteConversation delete -> new ConversationCommand.DeleteConversation(delete.getConversationId(),
                    delete.getReason(), actor(delete.getActor()), delete.getOccurredAt());
            // The union admits nothing else; a reader of a newer schema would have failed to decode.
            default -> throw new IllegalArgumentException("Not a command of the contract: " + record.getCommand().getClass());
        };
    }

    private static StartConversationBody start(StartConversation start) {
        return new StartConversationBody(
                start.getConversationId(),
                start.getKind(),
                start.getTitle(),
                start.getStatus(),
                start.getPriority(),
                start.getCreatedBy(),
                participants(start.getParticipants()),
                start.getTags(),
                start.getAttributes(),
                start.getModel(),
                start.getContextWindow(),
                start.getFirstMessage() == null ? null : message(start.getFirstMessage()),
                start.getOccurredAt());
    }

    private static NewMessageBody message(NewMessage message) {
        return new NewMessageBody(
                message.getMessageId(),
                message.getSenderId(),
                message.getSenderRole(),
                message.getContent(),
                message.getContentType(),
                message.getTokensUsed(),
                message.getModel(),
                message.getReplyTo(),
                message.getAttributes(),
                message.getOccurredAt());
    }

    private static UpdateConversationBody changes(UpdateConversation update) {
        return new UpdateConversationBody(
                update.getStatus(),
                update.getPriority(),
                update.getTitle(),
                update.getSummary(),
                update.getKeyTopics(),
                update.getTags(),
                update.getAttributes(),
                update.getReason(),
                actor(update.getActor()),
                update.getOccurredAt());
    }

    private static List<ParticipantSpec> participants(List<Participant> participants) {
        return participants == null ? null
                : participants.stream().map(p -> new ParticipantSpec(p.getUserId(), p.getRole())).toList();
    }

    private static ActorSpec actor(Actor actor) {
        return actor == null ? null : new ActorSpec(actor.getId(), actor.getRole());
    }
}
