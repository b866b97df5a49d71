package dev.threadline.thread.api;

import dev.threadline.thread.persistence.UnreadCounts;
import dev.threadline.thread.persistence.UnreadSummary;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.sql.SQLException;

/** {@code GET /v1/users/{userId}/unread}: a user's unread messages, in total and per conversation. */
@Controller("/v1/users")
@ExecuteOn(TaskExecutors.BLOCKING)
class UnreadController {

    private final UnreadCounts unread;

    UnreadController(UnreadCounts unread) {
        this.unread = unread;
    }

    @Get("/{userId}/unread")
    UnreadSummary unread(@PathVariable String userId, HttpRequest<?> request) throws SQLException {
        QueryParameters query = new QueryParameters(request.getParameters());
        query.pathText("userId", userId, 256);
        Integer limit = query.integer("limit", ConversationListController.DEFAULT_LIMIT, 1, ConversationListController.MAX_LIMIT);
        query.check();
        return unread.of(userId, limit);
    }
}
