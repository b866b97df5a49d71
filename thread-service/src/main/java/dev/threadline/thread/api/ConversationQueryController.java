package dev.threadline.thread.api;

import dev.threadline.problem.ProblemResponses;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.query.ConversationReadModel;
import dev.threadline.thread.service.ContextWindows;
import dev.threadline.thread.view.ContextWindowView;
import dev.threadline.thread.view.ConversationView;
import dev.threadline.thread.view.MessagePage;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.sql.SQLException;

/**
 * Read API over one materialised conversation; JDBC blocks, so it runs on the blocking pool. A conversation the caller
 * may not see ({@link ReadAccess}) answers 404 like an unknown one: whether it exists does not leak.
 */
@Controller("/v1/conversations")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
class ConversationQueryController {

    private final ConversationReadModel readModel;
    private final ContextWindows contextWindows;
    private final ReadAccess access;

    ConversationQueryController(ConversationReadModel readModel, ContextWindows contextWindows, ReadAccess access) {
        this.readModel = readModel;
        this.contextWindows = contextWindows;
        this.access = access;
    }

    @Get("/{id}")
    ConversationView conversation(@PathVariable String id,
                                  HttpRequest<?> request) throws SQLException {
        ReadScope scope = access.scope(request);
        QueryParameters query = new QueryParameters(request.getParameters());
        query.pathUuid("id", id);
        boolean includeDeleted = query.bool("includeDeleted", false);
        query.check();
        return readModel.conversation(id, includeDeleted, scope).orElseThrow(() -> notFound(id));
    }

    /** One page: the newest, the one before {@code beforeSeq} or the one after {@code afterSeq} — one cursor at most. */
    @Get("/{id}/messages")
    MessagePage messages(@PathVariable String id,
                         HttpRequest<?> request) throws SQLException {
        ReadScope scope = access.scope(request);
        QueryParameters query = new QueryParameters(request.getParameters());
        query.pathUuid("id", id);
        Long beforeSeq = query.longInteger("beforeSeq", 1, Long.MAX_VALUE);
        Long afterSeq = query.longInteger("afterSeq", 0, Long.MAX_VALUE);
        query.exclusive("beforeSeq", "afterSeq");
        Integer limit = query.integer("limit", 50, 1, 500);
        query.check();
        return readModel.messages(id, beforeSeq, afterSeq, limit, scope).orElseThrow(() -> notFound(id));
    }

    @Get("/{id}/context")
    ContextWindowView context(@PathVariable String id,
                              HttpRequest<?> request) throws SQLException {
        ReadScope scope = access.scope(request);
        QueryParameters query = new QueryParameters(request.getParameters());
        query.pathUuid("id", id);
        Integer maxMessages = query.integer("maxMessages", 100, 1, 1000);
        Integer maxTokens = query.integer("maxTokens", null, 1, 10_000_000);
        query.check();
        return contextWindows.window(id, maxMessages, maxTokens, scope).orElseThrow(() -> notFound(id));
    }

    static HttpStatusException notFound(String id) {
        return new HttpStatusException(HttpStatus.NOT_FOUND, "No conversation " + id);
    }
}
