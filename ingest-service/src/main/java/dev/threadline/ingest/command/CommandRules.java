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

    /** Every reason the command is invalid, field by field; empty if it is valid. */
    public List<FieldError> check(ConversationCommand command) {
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<ConversationCommand> violation : validator.validate(command)) {
            errors.add(new FieldError(ConstraintPaths.field(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.addAll(StorableText.check(command));
        if (errors.isEmpty()) {
            checkSemantics(command, errors);
        }
        errors.sort(Comparator.comparing(FieldError::field, Comparator.nullsFirst(Comparator.naturalOrder())));
        return errors;
    }

    private void checkSemantics(ConversationCommand command, List<FieldError> errors) {
        switch (command) {
            case ConversationCommand.Start start when start.conversation().firstMessage() != null ->
                    checkMessage("conversation.firstMessage", start.conversation().firstMessage(), errors);
            case ConversationCommand.Post post -> checkMessage("message", post.message(), errors);
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

    private void checkMessage(String path, NewMessageBody message, List<FieldError> errors) {
        checkContent(path + ".content", message.content(), errors);
        if (message.occurredAt() != null) {
            Instant now = clock.instant();
            if (message.occurredAt().isAfter(now.plus(limits.maxClockSkew()))) {
                errors.add(new FieldError(path + ".occurredAt",
                        "must not be more than %s in the future".formatted(limits.maxClockSkew())));
            } else if (message.occurredAt().isBefore(now.minus(limits.maxBackdating()))) {
                errors.add(new FieldError(path + ".occurredAt",
                        "must not be more than %s in the past".formatted(limits.maxBackdating())));
            }
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
