package dev.threadline.ingest.command;

import dev.threadline.ingest.config.IngestLimits;
import dev.threadline.problem.ConstraintPaths;
import dev.threadline.problem.Problem.FieldError;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The one set of rules every command passes, whether it came over HTTP, in a batch or from the
 * Kafka intake: the bean-validation constraints of the command records, then the rules that
 * depend on configuration or on several fields at once, and {@link StorableText}: no text a
 * consumer could not store.
 */
@Singleton
public class CommandRules {

    private final Validator validator;
    private final IngestLimits limits;
    private final Clock clock;

    public CommandRules(Validator validator, IngestLimits limits, Clock clock) {
        this.validator = validator;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Every reason the command is invalid, field by field; empty if it is valid. {@code importing}: the caller may
     * import history, so its times may lie any distance in the past (the backdating limit does not apply).
     */
    public List<FieldError> check(ConversationCommand command, boolean importing) {
        List<FieldError> errors = new ArrayList<>();
        if (!passesConstraints(command)) {
            for (ConstraintViolation<ConversationCommand> violation : validator.validate(command)) {
                errors.add(new FieldError(ConstraintPaths.field(violation.getPropertyPath()), violation.getMessage()));
            }
        }
        errors.addAll(StorableText.check(command));
        if (errors.isEmpty()) {
            checkSemantics(command, errors);
            checkTime(command.occurredAtField(), command.occurredAt(), importing, errors);
            if (command instanceof ConversationCommand.Start start && start.conversation().firstMessage() != null) {
                checkTime("conversation.firstMessage.occurredAt", start.conversation().firstMessage().occurredAt(),
                        importing, errors);
            }
        }
        errors.sort(Comparator.comparing(FieldError::field, Comparator.nullsFirst(Comparator.naturalOrder())));
        return errors;
    }

    /**
     * Whether the command passes every bean-validation constraint of its records, checked in plain code for the
     * commands a live flow is made of (starts, posts, status and other updates, read receipts): the validator's generic walk
     * was a third of ingest's request handling. False for any other command, and for one that fails a check: it then goes
     * through the validator, which names what is wrong. So this may refuse more than the constraints do, never less
     * ({@code CommandRulesIT} holds it to the annotations).
     */
    static boolean passesConstraints(ConversationCommand command) {
        return switch (command) {
            case ConversationCommand.Start start -> passes(start.conversation());
            case ConversationCommand.Post post -> uuid(post.conversationId()) && passes(post.message());
            case ConversationCommand.Update update -> uuid(update.conversationId()) && passes(update.changes());
            case ConversationCommand.Read read -> uuid(read.conversationId()) && passes(read.read());
            default -> false;
        };
    }

    private static boolean passes(StartConversationBody start) {
        return start != null
                && optionalUuid(start.id())
                && start.kind() != null
                && atMost(start.title(), 500)
                && atMost(start.createdBy(), 200)
                && participantsPass(start.participants())
                && wordsPass(start.tags(), 100)
                && attributesPass(start.attributes())
                && atMost(start.model(), 200)
                && (start.contextWindow() == null || start.contextWindow() > 0)
                && (start.firstMessage() == null || passes(start.firstMessage()));
    }

    private static boolean participantsPass(List<ParticipantSpec> participants) {
        if (participants == null) {
            return true;
        }
        if (participants.size() > 1_000) {
            return false;
        }
        for (ParticipantSpec participant : participants) {
            if (participant == null || !notBlank(participant.userId(), 200) || participant.role() == null
                    || !(participant.actor() == null || passes(participant.actor()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean passes(ActorSpec actor) {
        return atMost(actor.id(), 200) && actor.role() != null;
    }

    private static boolean passes(NewMessageBody message) {
        return message != null
                && optionalUuid(message.id())
                && atMost(message.senderId(), 200)
                && message.senderRole() != null
                && message.content() != null && !message.content().isBlank()
                && atMost(message.contentType(), 100)
                && (message.tokensUsed() == null || message.tokensUsed() >= 0)
                && atMost(message.model(), 200)
                && optionalUuid(message.replyTo())
                && attributesPass(message.attributes());
    }

    private static boolean passes(UpdateConversationBody changes) {
        return changes != null
                && atMost(changes.title(), 500)
                && atMost(changes.summary(), 10_000)
                && wordsPass(changes.keyTopics(), 200)
                && wordsPass(changes.tags(), 100)
                && attributesPass(changes.attributes())
                && atMost(changes.reason(), 1_000)
                && (changes.actor() == null || passes(changes.actor()));
    }

    private static boolean passes(MarkReadBody read) {
        return read != null
                && notBlank(read.userId(), 200)
                && (read.upToSeq() == null || read.upToSeq() > 0)
                && optionalUuid(read.upToMessageId());
    }

    private static boolean uuid(String value) {
        return value != null && Ids.isCanonicalUuid(value);
    }

    private static boolean optionalUuid(String value) {
        return value == null || Ids.isCanonicalUuid(value);
    }

    /** {@code @NotBlank @Size(max = length)}. */
    private static boolean notBlank(String value, int length) {
        return value != null && !value.isBlank() && value.length() <= length;
    }

    /** {@code @Size(max = length)} on a string that may be absent. */
    private static boolean atMost(String value, int length) {
        return value == null || value.length() <= length;
    }

    /** At most 100 words, each not blank and at most {@code length} characters. */
    private static boolean wordsPass(List<String> words, int length) {
        if (words == null) {
            return true;
        }
        if (words.size() > 100) {
            return false;
        }
        for (String word : words) {
            if (!notBlank(word, length)) {
                return false;
            }
        }
        return true;
    }

    /** At most 100 attributes, each value present and at most 2,000 characters. */
    private static boolean attributesPass(Map<String, String> attributes) {
        if (attributes == null) {
            return true;
        }
        if (attributes.size() > 100) {
            return false;
        }
        for (String value : attributes.values()) {
            if (value == null || value.length() > 2_000) {
                return false;
            }
        }
        return true;
    }

    private void checkSemantics(ConversationCommand command, List<FieldError> errors) {
        switch (command) {
            case ConversationCommand.Start start -> checkStart(start.conversation(), errors);
            case ConversationCommand.Post post -> checkContent("message.content", post.message().content(), errors);
            case ConversationCommand.Edit edit -> checkContent("edit.content", edit.edit().content(), errors);
            case ConversationCommand.Update update when update.changes().changesNothing() ->
                    errors.add(new FieldError("changes", "must change at least one of status, priority, title, summary, keyTopics, tags, attributes"));
            case ConversationCommand.Flag flag when flag.flags().changesNothing() ->
                    errors.add(new FieldError("flags", "must set at least one of archived, pinned, favorited, muted"));
            case ConversationCommand.Read read when (read.read().upToSeq() == null) == (read.read().upToMessageId() == null) ->
                    errors.add(new FieldError("read", "must give exactly one of upToSeq and upToMessageId"));
            default -> {
                // Bean validation covers the rest.
            }
        }
    }

    /**
     * A start's first message is never earlier than the start (the one place where ingest sees both times), and a
     * participant named in the start joins with it, at the start's time.
     */
    private void checkStart(StartConversationBody start, List<FieldError> errors) {
        List<ParticipantSpec> participants = start.participantsOrEmpty();
        for (int i = 0; i < participants.size(); i++) {
            if (participants.get(i).occurredAt() != null) {
                errors.add(new FieldError("conversation.participants[%d].occurredAt".formatted(i),
                        "must not be set: participants named in the start join at conversation.occurredAt"));
            }
        }
        NewMessageBody first = start.firstMessage();
        if (first == null) {
            return;
        }
        checkContent("conversation.firstMessage.content", first.content(), errors);
        if (first.occurredAt() != null && start.occurredAt() != null && first.occurredAt().isBefore(start.occurredAt())) {
            errors.add(new FieldError("conversation.firstMessage.occurredAt",
                    "must not be before conversation.occurredAt: a conversation's first message cannot precede its start"));
        }
    }

    /**
     * The time a caller gives a command: at most the clock-skew limit ahead of this service's clock, and at most the
     * backdating limit behind it unless the caller is importing history, which may go back to 1970 (no earlier time
     * is conversation history, and every consumer can store every time from then on).
     */
    private void checkTime(String field, Instant occurredAt, boolean importing, List<FieldError> errors) {
        if (occurredAt == null) {
            return;
        }
        Instant now = clock.instant();
        if (occurredAt.isAfter(now.plus(limits.maxClockSkew()))) {
            errors.add(new FieldError(field, "must not be more than %s in the future".formatted(limits.maxClockSkew())));
        } else if (!importing && occurredAt.isBefore(now.minus(limits.maxBackdating()))) {
            errors.add(new FieldError(field, ("must not be more than %s in the past (a caller with the import role may "
                    + "send any time since 1970)").formatted(limits.maxBackdating())));
        } else if (occurredAt.isBefore(Instant.EPOCH)) {
            errors.add(new FieldError(field, "must not be before 1970-01-01T00:00:00Z"));
        }
    }

    private void checkContent(String path, String content, List<FieldError> errors) {
        // Cheap bound first: a UTF-8 encoding takes at most 3 bytes per UTF-16 char.
        if (content.length() * 3L > limits.maxContentBytes()
                && content.getBytes(StandardCharsets.UTF_8).length > limits.maxContentBytes()) {
            errors.add(new FieldError(path, "must be at most %d bytes of UTF-8".formatted(limits.maxContentBytes())));
        }
    }
}
