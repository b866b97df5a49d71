package dev.threadline.ingest.command;

import dev.threadline.ingest.command.PublishedEvent;
import dev.threadline.problem.Problem.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The outcome of one item of a batch: {@code status} 202 with ids and receipts, 400 with the
 * item's field errors (paths relative to the item), or 403 when the caller's token does not allow it. Rejected items
 * publish nothing.
 */
@Serdeable
public record BatchResult(int index, int status, @Nullable String conversationId, @Nullable String messageId,
                          @Nullable List<PublishedEvent> events, @Nullable List<FieldError> errors) {

    public static BatchResult accepted(int index, Accepted accepted) {
        return new BatchResult(index, 202, accepted.conversationId(), accepted.messageId(), accepted.events(), null);
    }

    public static BatchResult rejected(int index, List<FieldError> errors) {
        return new BatchResult(index, 400, null, null, null, errors);
    }

    /** The caller's token does not allow the item: 403 with the reason. */
    public static BatchResult forbidden(int index, String reason) {
        return new BatchResult(index, 403, null, null, null, List.of(new FieldError(null, reason)));
    }
}
