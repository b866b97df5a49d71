package dev.threadline.thread.api;

import dev.threadline.thread.persistence.ConversationReadModel;
import dev.threadline.thread.persistence.ConversationView;
import dev.threadline.thread.persistence.MessageView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.sql.SQLException;
import java.util.List;

/** Read API over the materialised conversations; JDBC blocks, so it runs on the blocking pool. */
@Controller("/v1/conversations")
@ExecuteOn(TaskExecutors.BLOCKING)
class ConversationQueryController {

    private static final String UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

    private final ConversationReadModel readModel;

    ConversationQueryController(ConversationReadModel readModel) {
        this.readModel = readModel;
    }

    @Get("/{id}")
    ConversationView conversation(@PathVariable @Pattern(regexp = UUID, message = "must be a UUID") String id,
                                  @QueryValue(defaultValue = "false") boolean includeDeleted) throws SQLException {
        return readModel.conversation(id, includeDeleted)
                .orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "No conversation " + id));
    }

    @Get("/{id}/messages")
    MessagePage messages(@PathVariable @Pattern(regexp = UUID, message = "must be a UUID") String id,
                         @Nullable @QueryValue @Min(1) Long beforeSeq,
                         @Nullable @QueryValue @Min(0) Long afterSeq,
                         @QueryValue(defaultValue = "50") @Min(1) @Max(500) int limit) throws SQLException {
        return new MessagePage(readModel.messages(id, beforeSeq, afterSeq, limit));
    }

    /** A page of messages, oldest first. */
    @Serdeable
    record MessagePage(List<MessageView> messages) {
    }
}
