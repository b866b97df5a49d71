package dev.threadline.ingest;

import dev.threadline.commands.ConversationCommandRecord;
import dev.threadline.commands.DeleteConversation;
import dev.threadline.commands.MarkRead;
import dev.threadline.commands.NewMessage;
import dev.threadline.commands.PostMessage;
import dev.threadline.commands.SetFlags;
import dev.threadline.commands.StartConversation;
import dev.threadline.commands.UpdateConversation;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Participant;
import dev.threadline.events.Role;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.testkit.FuzzRun;
import dev.threadline.testkit.Gen;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Generated records of the Kafka intake: a valid command envelope with one field changed (as a producer with a bug
 * would send it), a command of any type ({@link IntakeCommands}) or a valid record's bytes damaged, each with what the
 * intake must do with it: execute it, or dead-letter it with its reason and, for a broken rule, the field in the
 * detail, named as the HTTP API names it.
 */
final class IntakeRecords {

    /**
     * A record to produce.
     *
     * @param value          its bytes, null for a tombstone
     * @param conversationId the conversation its events would be for
     * @param reason         the dead-letter reason it must get, null if it must be executed
     * @param field          the field the dead letter's detail must name, if a rule was broken
     */
    record IntakeRecord(byte[] value, String conversationId, String reason, String field, String mutation) {

        @Override
        public String toString() {
            return "%s -> %s%n  conversation %s, value %s".formatted(mutation, reason == null ? "executed"
                    : "dead letter '" + reason + "'" + (field == null ? "" : " naming " + field), conversationId,
                    value == null ? "null" : FuzzRun.readable(value));
        }
    }

    private record Change(String description, String field, UnaryOperator<ConversationCommandRecord> apply) {
    }

    private static final List<String> TEXTS = List.of("' OR '1'='1", "<script>x</script>", "emoji \uD83D\uDE00", "\u0001\u007F", "日本");
    private static final String NUL = "a\u0000b";
    /** Conversation ids, each record's marker; drawn like any value, so a replay produces the same. */
    private static final Gen<String> IDS = Gen.uuids().map(UUID::toString);

    private IntakeRecords() {
    }

    static Gen<IntakeRecord> records() {
        return Gen.oneOf(changed(), damaged());
    }

    /** A valid envelope with one field changed; null expected field means the change is valid. */
    private static Gen<IntakeRecord> changed() {
        // The list is made for each record: its instants are relative to now.
        Gen<Change> changes = random -> Gen.of(changes()).next(random);
        Gen<Change> commands = IntakeCommands.commands().map(command -> command(command.description(), command.field(), command.build()));
        return Gen.weighted(Gen.weight(4, changes), Gen.weight(1, generatedChanges()), Gen.weight(3, commands)).flatMap(change -> IDS.map(id -> {
            ConversationCommandRecord record = change.apply().apply(valid(id));
            return new IntakeRecord(encoded(record), id, change.field() == null ? null : "invalid", change.field(), change.description());
        }));
    }

    /** A valid record's bytes, damaged. */
    private static Gen<IntakeRecord> damaged() {
        return Gen.oneOf(
                Gen.ints(1, 40).flatMap(cut -> damage("truncated by " + cut + " bytes", "malformed",
                        bytes -> Arrays.copyOf(bytes, Math.max(0, bytes.length - cut)))),
                Gen.ints(2, 9).flatMap(at -> damage("fingerprint byte " + at + " flipped", "unknown-schema", bytes -> flipped(bytes, at))),
                Gen.ints(0, 1).flatMap(at -> damage("marker byte " + at + " flipped", "malformed", bytes -> flipped(bytes, at))),
                Gen.bytes(0, 64).filter(bytes -> bytes.length == 0 || bytes[0] != (byte) 0xC3)
                        .flatMap(garbage -> damage("garbage of " + garbage.length + " bytes", "malformed", bytes -> garbage)),
                damage("tombstone", "tombstone", bytes -> null));
    }

    private static Gen<IntakeRecord> damage(String description, String reason, UnaryOperator<byte[]> damage) {
        return IDS.map(id -> new IntakeRecord(damage.apply(encoded(valid(id))), id, reason, null, description));
    }

    /** Generated text in the message: any text is executed, text with NUL is not (a lone surrogate reaches Avro as '?'). */
    private static Gen<Change> generatedChanges() {
        return Gen.oneOf(
                GeneratedText.ANY.map(text -> message("generated content " + FuzzRun.readable(text), null, m -> m.setContent(text))),
                GeneratedText.ANY.map(text -> message("generated sender id " + FuzzRun.readable(text), null, m -> m.setSenderId(text))),
                GeneratedText.inserted(GeneratedText.ANY, Gen.just("\u0000")).map(text -> message("generated content with NUL "
                        + FuzzRun.readable(text), "message.content", m -> m.setContent(text))));
    }

    private static List<Change> changes() {
        Instant now = Instant.now();
        List<Change> changes = new ArrayList<>(List.of(
                envelope("command id blank", "commandId", r -> r.setCommandId(" ")),
                envelope("command id with NUL", "commandId", r -> r.setCommandId(NUL)),
                envelope("command id of 201 characters", "commandId", r -> r.setCommandId("c".repeat(201))),
                envelope("source blank", "source", r -> r.setSource("")),
                envelope("tenant with NUL", "tenant", r -> r.setTenant(NUL)),
                envelope("tenant with text", null, r -> r.setTenant("' OR '1'='1")),
                post("conversation id not a UUID", "conversationId", p -> p.setConversationId("conversation-7")),
                post("conversation id with NUL", "conversationId", p -> p.setConversationId(NUL)),
                message("content blank", "message.content", m -> m.setContent("  ")),
                message("content with NUL", "message.content", m -> m.setContent(NUL)),
                message("content a byte too large", "message.content", m -> m.setContent("x".repeat(FieldSpec.CONTENT_BYTES + 1))),
                message("content of the largest size", null, m -> m.setContent("x".repeat(FieldSpec.CONTENT_BYTES))),
                message("sender id of 201 characters", "message.senderId", m -> m.setSenderId("s".repeat(201))),
                message("sender id with NUL", "message.senderId", m -> m.setSenderId(NUL)),
                message("tokens used negative", "message.tokensUsed", m -> m.setTokensUsed(-1)),
                message("tokens used the largest int", null, m -> m.setTokensUsed(Integer.MAX_VALUE)),
                message("message id not a UUID", "message.id", m -> m.setMessageId("m-1")),
                message("reply to not a UUID", "message.replyTo", m -> m.setReplyTo("")),
                message("attribute value with NUL", "message.attributes[k]", m -> m.setAttributes(Map.of("k", NUL))),
                message("attribute key with NUL", "message.attributes", m -> m.setAttributes(Map.of(NUL, "v"))),
                message("occurred at the earliest millisecond", "message.occurredAt", m -> m.setOccurredAt(Instant.ofEpochMilli(Long.MIN_VALUE))),
                message("occurred at the latest millisecond", "message.occurredAt", m -> m.setOccurredAt(Instant.ofEpochMilli(Long.MAX_VALUE))),
                message("occurred at the epoch", "message.occurredAt", m -> m.setOccurredAt(Instant.EPOCH)),
                message("occurred an hour ago", null, m -> m.setOccurredAt(now.minus(1, ChronoUnit.HOURS))),
                message("content with a lone surrogate, which Avro writes as '?'", null, m -> m.setContent("a\uD800b")),
                command("start with a title with NUL", "conversation.title", id -> start(id, s -> s.setTitle(NUL))),
                command("start with a blank tag", "conversation.tags[1]", id -> start(id, s -> s.setTags(List.of("ok", " ")))),
                command("start with context window 0", "conversation.contextWindow", id -> start(id, s -> s.setContextWindow(0))),
                command("start whose first message is blank", "conversation.firstMessage.content",
                        id -> start(id, s -> s.getFirstMessage().setContent(""))),
                command("start with a participant of a blank user id", "conversation.participants[0].userId",
                        id -> start(id, s -> s.setParticipants(List.of(new Participant("", Role.user))))),
                command("read up to seq 0", "read.upToSeq", id -> new MarkRead(id, "u-1", 0L, null, null)),
                command("read up to nothing", "read", id -> new MarkRead(id, "u-1", null, null, null)),
                command("read by a blank user", "read.userId", id -> new MarkRead(id, "", 1L, null, null)),
                command("flags that change nothing", "flags", id -> new SetFlags(id, "u-1", null, null, null, null, null)),
                command("update that changes nothing", "changes", id -> UpdateConversation.newBuilder().setConversationId(id).build()),
                command("update with a key topic with NUL", "changes.keyTopics[0]",
                        id -> UpdateConversation.newBuilder().setConversationId(id).setKeyTopics(List.of(NUL)).build()),
                command("delete with a reason of 1001 characters", "reason",
                        id -> DeleteConversation.newBuilder().setConversationId(id).setReason("r".repeat(1_001)).build())));
        TEXTS.forEach(text -> changes.add(message("content " + text, null, m -> m.setContent(text))));
        return changes;
    }

    /** A valid command: a message posted to the conversation. */
    static ConversationCommandRecord valid(String conversationId) {
        return ConversationCommandRecord.newBuilder().setCommandId(CommandRoutes.derived(conversationId, "command")).setIssuedAt(Instant.now())
                .setSource("fuzz").setTenant("acme").setCommand(new PostMessage(conversationId, newMessage())).build();
    }

    static byte[] encoded(ConversationCommandRecord record) {
        return Topics.CONVERSATION_COMMANDS.valueSerde().serializer().serialize(Topics.CONVERSATION_COMMANDS.name(), record);
    }

    private static NewMessage newMessage() {
        return NewMessage.newBuilder().setSenderId("customer-1").setSenderRole(Role.user).setContent("Where is my parcel?").build();
    }

    private static StartConversation start(String id, java.util.function.Consumer<StartConversation> change) {
        StartConversation start = StartConversation.newBuilder().setConversationId(id).setKind(ConversationKind.support)
                .setStatus(ConversationStatus.open).setTitle("Parcel lost").setTags(List.of("parcel"))
                .setParticipants(List.of(new Participant("customer-1", Role.user))).setFirstMessage(newMessage()).build();
        change.accept(start);
        return start;
    }

    private static Change envelope(String description, String field, java.util.function.Consumer<ConversationCommandRecord> change) {
        return new Change(description, field, record -> {
            change.accept(record);
            return record;
        });
    }

    private static Change post(String description, String field, java.util.function.Consumer<PostMessage> change) {
        return new Change(description, field, record -> {
            change.accept((PostMessage) record.getCommand());
            return record;
        });
    }

    private static Change message(String description, String field, java.util.function.Consumer<NewMessage> change) {
        return post(description, field, post -> change.accept(post.getMessage()));
    }

    /** Another command for the record's conversation. */
    private static Change command(String description, String field, java.util.function.Function<String, SpecificRecordBase> command) {
        return new Change(description, field, record -> {
            record.setCommand(command.apply(((PostMessage) record.getCommand()).getConversationId()));
            return record;
        });
    }

    private static byte[] flipped(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] = (byte) ~copy[at];
        return copy;
    }
}
