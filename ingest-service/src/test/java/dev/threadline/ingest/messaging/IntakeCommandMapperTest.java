package dev.threadline.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Participant;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import dev.threadline.ingest.command.ActorSpec;
import dev.threadline.ingest.command.ConversationCommand;
import dev.threadline.ingest.command.EditMessageBody;
import dev.threadline.ingest.command.MarkReadBody;
import dev.threadline.ingest.command.NewMessageBody;
import dev.threadline.ingest.command.ParticipantSpec;
import dev.threadline.ingest.command.SetFlagsBody;
import dev.threadline.ingest.command.StartConversationBody;
import dev.threadline.ingest.command.UpdateConversationBody;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every Avro command of the intake maps field for field onto the command the HTTP API builds. */
class IntakeCommandMapperTest {

    private static final String CONVERSATION = "0190f0c2-1111-7000-8000-000000000001";
    private static final String MESSAGE = "0190f0c2-2222-7000-8000-000000000002";
    private static final Instant WRITTEN = Instant.parse("2026-11-01T10:15:30.123Z");
    private static final Instant STARTED = Instant.parse("2019-06-30T23:59:59.999Z");
    private static final Actor AGENT = new Actor("agent-9", Role.agent);
    private static final ActorSpec AGENT_SPEC = new ActorSpec("agent-9", Role.agent);

    @Test
    void startWithEveryFieldAndAFirstMessage() {
        var start = StartConversation.newBuilder()
                .setConversationId(CONVERSATION).setKind(ConversationKind.roleplay).setTitle("Tavern")
                .setStatus(ConversationStatus.pending).setPriority(Priority.high).setCreatedBy("user-1")
                .setParticipants(List.of(new Participant("user-1", Role.user), new Participant("bard", Role.assistant)))
                .setTags(List.of("fantasy")).setAttributes(Map.of("scenarioId", "s-7")).setModel("gpt-x").setContextWindow(8192)
                .setFirstMessage(avroMessage()).setOccurredAt(STARTED)
                .build();

        assertThat(mapped(start)).isEqualTo(new ConversationCommand.Start(new StartConversationBody(
                CONVERSATION, ConversationKind.roleplay, "Tavern", ConversationStatus.pending, Priority.high, "user-1",
                List.of(new ParticipantSpec("user-1", Role.user), new ParticipantSpec("bard", Role.assistant)),
                List.of("fantasy"), Map.of("scenarioId", "s-7"), "gpt-x", 8192, javaMessage(), STARTED)));
    }

    @Test
    void startWithOnlyItsKindLeavesEverythingElseAbsent() {
        var start = StartConversation.newBuilder().setKind(ConversationKind.direct).build();

        assertThat(mapped(start)).isEqualTo(new ConversationCommand.Start(new StartConversationBody(
                null, ConversationKind.direct, null, null, null, null, null, null, null, null, null, null, null)));
    }

    @Test
    void postMessage() {
        var post = PostMessage.newBuilder().setConversationId(CONVERSATION).setMessage(avroMessage()).build();

        assertThat(mapped(post)).isEqualTo(new ConversationCommand.Post(CONVERSATION, javaMessage()));
    }

    @Test
    void updateConversation() {
        var update = UpdateConversation.newBuilder().setConversationId(CONVERSATION)
                .setStatus(ConversationStatus.resolved).setPriority(Priority.low).setTitle("t").setSummary("s")
                .setKeyTopics(List.of("refund")).setTags(List.of("vip")).setAttributes(Map.of("k", "v"))
                .setReason("answered").setActor(AGENT).setOccurredAt(WRITTEN).build();

        assertThat(mapped(update)).isEqualTo(new ConversationCommand.Update(CONVERSATION, new UpdateConversationBody(
                ConversationStatus.resolved, Priority.low, "t", "s", List.of("refund"), List.of("vip"), Map.of("k", "v"), "answered", AGENT_SPEC,
                WRITTEN)));
    }

    @Test
    void participantsJoinAndLeave() {
        var add = AddParticipant.newBuilder().setConversationId(CONVERSATION)
                .setParticipant(new Participant("user-2", Role.user)).setActor(AGENT).setOccurredAt(STARTED).build();
        var remove = RemoveParticipant.newBuilder().setConversationId(CONVERSATION).setUserId("user-2").setOccurredAt(WRITTEN).build();

        assertThat(mapped(add)).isEqualTo(new ConversationCommand.AddParticipant(CONVERSATION,
                new ParticipantSpec("user-2", Role.user, AGENT_SPEC, STARTED)));
        assertThat(mapped(remove)).isEqualTo(new ConversationCommand.RemoveParticipant(CONVERSATION, "user-2", null, WRITTEN));
    }

    @Test
    void readHorizonAndFlags() {
        var read = MarkRead.newBuilder().setConversationId(CONVERSATION).setUserId("user-1").setUpToSeq(42L).setOccurredAt(WRITTEN).build();
        var flags = SetFlags.newBuilder().setConversationId(CONVERSATION).setUserId("user-1").setPinned(true).setMuted(false).build();

        assertThat(mapped(read)).isEqualTo(new ConversationCommand.Read(CONVERSATION,
                new MarkReadBody("user-1", 42L, null, WRITTEN)));
        assertThat(mapped(flags)).isEqualTo(new ConversationCommand.Flag(CONVERSATION,
                new SetFlagsBody("user-1", null, true, null, false, null)));
    }

    @Test
    void editAndDeleteMessagesAndConversations() {
        var edit = EditMessage.newBuilder().setConversationId(CONVERSATION).setMessageId(MESSAGE).setContent("fixed").setActor(AGENT)
                .setOccurredAt(WRITTEN).build();
        var deleteMessage = DeleteMessage.newBuilder().setConversationId(CONVERSATION).setMessageId(MESSAGE).setOccurredAt(STARTED).build();
        var deleteConversation = DeleteConversation.newBuilder().setConversationId(CONVERSATION).setReason("spam").setActor(AGENT)
                .setOccurredAt(WRITTEN).build();

        assertThat(mapped(edit)).isEqualTo(new ConversationCommand.Edit(CONVERSATION, MESSAGE,
                new EditMessageBody("fixed", AGENT_SPEC, WRITTEN)));
        assertThat(mapped(deleteMessage)).isEqualTo(new ConversationCommand.DeleteMessage(CONVERSATION, MESSAGE, null, STARTED));
        assertThat(mapped(deleteConversation)).isEqualTo(new ConversationCommand.DeleteConversation(CONVERSATION, "spam", AGENT_SPEC, WRITTEN));
    }

    private static ConversationCommand mapped(Object command) {
        return IntakeCommandMapper.toCommand(ConversationCommandRecord.newBuilder()
                .setCommandId("cmd-1").setIssuedAt(WRITTEN).setSource("test").setCommand(command).build());
    }

    private static NewMessage avroMessage() {
        return NewMessage.newBuilder()
                .setMessageId(MESSAGE).setSenderId("user-1").setSenderRole(Role.user).setContent("Hello")
                .setContentType("text/markdown").setTokensUsed(12).setModel("gpt-x").setReplyTo(MESSAGE)
                .setAttributes(Map.of("lang", "en")).setOccurredAt(WRITTEN)
                .build();
    }

    private static NewMessageBody javaMessage() {
        return new NewMessageBody(MESSAGE, "user-1", Role.user, "Hello", "text/markdown", 12, "gpt-x",
                MESSAGE, Map.of("lang", "en"), WRITTEN);
    }
}
