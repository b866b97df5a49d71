package dev.threadline.thread.api;

import dev.threadline.problem.ProblemResponses;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.query.UnreadCounts;
import dev.threadline.thread.view.UnreadSummary;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.sql.SQLException;

/**
 * {@code GET /v1/users/{userId}/unread}: a user's unread messages in the caller's tenant, in total and per
 * conversation; a user may ask for their own only.
 */
@Controller("/v1/users")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
class UnreadController {

    private final UnreadCounts unread;
    private final ReadAccess access;

    UnreadController(UnreadCounts unread, ReadAccess access) {
        this.unread = unread;
        this.access = access;
    }

    @Get("/{userId}/unread")
    UnreadSummary unread(@PathVariable String userId, HttpRequest<?> request) throws SQLException {
        ReadScope scope = access.scope(request);
        QueryParameters query = new QueryParameters(request.getParameters());
        query.pathText("userId", userId, 256);
        Integer limit = query.integer("limit", ConversationListController.DEFAULT_LIMIT, 1, ConversationListController.MAX_LIMIT);
        query.check();
        ReadAccess.unreadOf(scope, userId);
        return unread.of(userId, scope, limit);
    }
}
