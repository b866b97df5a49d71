package dev.threadline.thread.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.problem.ProblemResponses;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.query.MessageSearch;
import dev.threadline.thread.query.SearchKey;
import dev.threadline.thread.query.SearchPage;
import dev.threadline.thread.view.SearchHit;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.sql.SQLException;
import java.util.List;

/**
 * {@code GET /v1/search}: messages matching a web-search style query, best first, with snippets; the caller's tenant's,
 * and a user's only in their own conversations.
 */
@Controller("/v1/search")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
class SearchController {

    private final MessageSearch search;
    private final ReadAccess access;

    SearchController(MessageSearch search, ReadAccess access) {
        this.search = search;
        this.access = access;
    }

    @Get
    SearchResults search(HttpRequest<?> request) throws SQLException {
        ReadScope scope = access.scope(request);
        QueryParameters query = new QueryParameters(request.getParameters());
        String q = query.text("q", 1000);
        if (q == null && !request.getParameters().contains("q")) {
            query.reject("q", "must be given: the words to search for");
        }
        String participant = ReadAccess.participant(scope, query.text("participant", 256));
        SearchKey after = query.cursor("cursor", Cursors::search);
        Integer limit = query.integer("limit", ConversationListController.DEFAULT_LIMIT, 1, ConversationListController.MAX_LIMIT);
        query.check();
        SearchPage page = search.search(q, participant, scope, after, limit);
        return new SearchResults(page.hits(), page.next() == null ? null : Cursors.search(page.next()));
    }

    /** A page of hits, best first; pass {@code nextCursor} as {@code cursor} with the same q for the next. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Serdeable
    record SearchResults(List<SearchHit> items, @Nullable String nextCursor) {
    }
}
