package dev.threadline.ingest;

import dev.threadline.commands.AddParticipant;
import dev.threadline.commands.DeleteConversation;
import dev.threadline.commands.DeleteMessage;
import dev.threadline.commands.EditMessage;
import dev.threadline.commands.MarkRead;
import dev.threadline.commands.NewMessage;
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
import dev.threadline.testkit.FuzzRun;
import dev.threadline.testkit.Gen;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Generated intake commands of every type, each optional field there or not and every text generated, with the
 * field the rules of docs/api.md reject them by: an update that changes none of status, priority, title, summary,
 * keyTopics, tags and attributes (named {@code changes}); flags that set none (named {@code flags}); a read with
 * not exactly one of upToSeq and upToMessageId (named {@code read}). Any other such command is executed.
 */
final class IntakeCommands {

    /** A command for the conversation given to {@code build}, and the field its dead letter must name (null: executed). */
    record Generated(String description, String field, Function<String, SpecificRecordBase> build) {
    }

    private static final Gen<String> TEXT = GeneratedText.ANY;
    private static final Gen<String> IDS = Gen.uuids().map(UUID::toString);
    private static final Gen<Role> ROLES = Gen.of(Role.values());
    /** A command's time or none: within the backdating window, a day clear of its end (the service reads its clock later). */
    private static final Gen<Instant> WHEN = maybe(Gen.longs(0, 29L * 24 * 3600).map(seconds -> Instant.now().minusSeconds(seconds)));

    private IntakeCommands() {
    }

    static Gen<Generated> commands() {
        return Gen.oneOf(start(), update(), flags(), read(), add(), remove(), edit(), deleteMessage(), deleteConversation());
    }

    private static Gen<Generated> start() {
        Gen<List<Participant>> participants = Gen.lists(TEXT.flatMap(user -> ROLES.map(role -> new Participant(user, role))), 0, 3);
        return random -> {
            StartConversation start = StartConversation.newBuilder().setConversationId("").setKind(Gen.of(ConversationKind.values()).next(random))
                    .setTitle(maybe(TEXT).next(random)).setStatus(maybe(Gen.of(ConversationStatus.values())).next(random))
                    .setPriority(maybe(Gen.of(Priority.values())).next(random)).setCreatedBy(maybe(TEXT).next(random))
                    .setParticipants(maybe(participants).next(random)).setTags(maybe(Gen.lists(TEXT, 0, 3)).next(random))
                    .setAttributes(maybe(Gen.maps(TEXT, TEXT, 0, 3)).next(random)).setModel(maybe(TEXT).next(random))
                    .setContextWindow(maybe(Gen.ints(1, Integer.MAX_VALUE)).next(random))
                    .setFirstMessage(maybe(message()).next(random)).build();
            // A start's own time, if any, is never later than its first message's (that would be refused).
            Instant first = start.getFirstMessage() == null ? null : start.getFirstMessage().getOccurredAt();
            Instant when = WHEN.next(random);
            start.setOccurredAt(first != null && when != null && when.isAfter(first) ? first : when);
            return generated(null, id -> {
                StartConversation copy = StartConversation.newBuilder(start).build();
                copy.setConversationId(id);
                return copy;
            });
        };
    }

    private static Gen<NewMessage> message() {
        return random -> NewMessage.newBuilder().setMessageId(maybe(IDS).next(random)).setSenderId(maybe(TEXT).next(random))
                .setSenderRole(ROLES.next(random)).setContent(TEXT.next(random)).setContentType(maybe(TEXT).next(random))
                .setTokensUsed(maybe(Gen.ints(0, Integer.MAX_VALUE)).next(random)).setModel(maybe(TEXT).next(random))
                .setReplyTo(maybe(IDS).next(random)).setAttributes(maybe(Gen.maps(TEXT, TEXT, 0, 3)).next(random))
                .setOccurredAt(WHEN.next(random))
                .build();
    }

    private static Gen<Generated> update() {
        return random -> {
            UpdateConversation update = UpdateConversation.newBuilder().setConversationId("")
                    .setStatus(maybe(Gen.of(ConversationStatus.values())).next(random)).setPriority(maybe(Gen.of(Priority.values())).next(random))
                    .setTitle(maybe(TEXT).next(random)).setSummary(maybe(TEXT).next(random))
                    .setKeyTopics(maybe(Gen.lists(TEXT, 0, 3)).next(random)).setTags(maybe(Gen.lists(TEXT, 0, 3)).next(random))
                    .setAttributes(maybe(Gen.maps(TEXT, TEXT, 0, 3)).next(random)).setReason(maybe(TEXT).next(random))
                    .setActor(maybe(actor()).next(random)).setOccurredAt(WHEN.next(random)).build();
            boolean changesNothing = update.getStatus() == null && update.getPriority() == null && update.getTitle() == null
                    && update.getSummary() == null && update.getKeyTopics() == null && update.getTags() == null && update.getAttributes() == null;
            return generated(changesNothing ? "changes" : null, id -> UpdateConversation.newBuilder(update).setConversationId(id).build());
        };
    }

    private static Gen<Generated> flags() {
        Gen<Boolean> flag = maybe(Gen.booleans());
        return random -> {
            SetFlags flags = new SetFlags("", TEXT.next(random), flag.next(random), flag.next(random), flag.next(random), flag.next(random),
                    WHEN.next(random));
            boolean setsNothing = flags.getArchived() == null && flags.getPinned() == null && flags.getFavorited() == null
                    && flags.getMuted() == null;
            return generated(setsNothing ? "flags" : null, id -> SetFlags.newBuilder(flags).setConversationId(id).build());
        };
    }

    private static Gen<Generated> read() {
        return random -> {
            MarkRead read = new MarkRead("", TEXT.next(random), maybe(Gen.longs(1, Long.MAX_VALUE)).next(random), maybe(IDS).next(random),
                    WHEN.next(random));
            boolean exactlyOne = (read.getUpToSeq() == null) != (read.getUpToMessageId() == null);
            return generated(exactlyOne ? null : "read", id -> MarkRead.newBuilder(read).setConversationId(id).build());
        };
    }

    private static Gen<Generated> add() {
        return TEXT.flatMap(user -> ROLES.flatMap(role -> maybe(actor()).flatMap(actor -> WHEN.map(when ->
                generated(null, id -> new AddParticipant(id, new Participant(user, role), actor, when))))));
    }

    private static Gen<Generated> remove() {
        return TEXT.flatMap(user -> maybe(actor()).flatMap(actor -> WHEN.map(when ->
                generated(null, id -> new RemoveParticipant(id, user, actor, when)))));
    }

    private static Gen<Generated> edit() {
        return IDS.flatMap(message -> TEXT.flatMap(content -> maybe(actor()).flatMap(actor -> WHEN.map(when ->
                generated(null, id -> new EditMessage(id, message, content, actor, when))))));
    }

    private static Gen<Generated> deleteMessage() {
        return IDS.flatMap(message -> maybe(actor()).flatMap(actor -> WHEN.map(when ->
                generated(null, id -> new DeleteMessage(id, message, actor, when)))));
    }

    private static Gen<Generated> deleteConversation() {
        return maybe(TEXT).flatMap(reason -> maybe(actor()).flatMap(actor -> WHEN.map(when ->
                generated(null, id -> new DeleteConversation(id, reason, actor, when)))));
    }

    private static Gen<Actor> actor() {
        return maybe(TEXT).flatMap(id -> ROLES.map(role -> new Actor(id, role)));
    }

    /** The value or, as often, null: an optional field left out. */
    private static <T> Gen<T> maybe(Gen<T> values) {
        return Gen.oneOf(Gen.just(null), values);
    }

    private static Generated generated(String field, Function<String, SpecificRecordBase> build) {
        return new Generated("generated " + FuzzRun.readable(build.apply("<conversation>").toString()), field, build);
    }
}
