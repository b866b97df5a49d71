package dev.threadline.thread.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.problem.ProblemResponses;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.query.ActivityKey;
import dev.threadline.thread.query.ConversationFilter;
import dev.threadline.thread.query.ConversationListPage;
import dev.threadline.thread.query.ConversationListing;
import dev.threadline.thread.view.ConversationListItem;
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
 * {@code GET /v1/conversations}: conversations by newest activity, a participant's own (with
 * their unread counts and flags) or all of the caller's tenant, filtered, a page at a time. A user's list is always
 * their own.
 */
@Controller("/v1/conversations")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
class ConversationListController {

    static final int MAX_LIMIT = 200;
    static final int DEFAULT_LIMIT = 50;
    private static final List<String> PARTICIPANT_ONLY = List.of("archived", "pinned", "favorited", "pinnedFirst", "includeLeft");

    private final ConversationListing listing;
    private final ReadAccess access;

    ConversationListController(ConversationListing listing, ReadAccess access) {
        this.listing = listing;
        this.access = access;
    }

    @Get
    ConversationList list(HttpRequest<?> request) throws SQLException {
        ReadScope scope = access.scope(request);
        QueryParameters query = new QueryParameters(request.getParameters());
        ConversationFilter filter = new ConversationFilter(
                ReadAccess.participant(scope, query.text("participant", 256)), query.oneOf("status", ConversationStatus.values()),
                query.oneOf("priority", Priority.values()), query.oneOf("kind", ConversationKind.values()),
                query.bool("archived"), query.bool("pinned"), query.bool("favorited"), query.text("tag", 256),
                Boolean.TRUE.equals(query.bool("includeLeft")), Boolean.TRUE.equals(query.bool("pinnedFirst")));
        ActivityKey after = query.cursor("cursor", cursor -> Cursors.activity(cursor, filter.pinnedFirst()));
        Integer limit = query.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (filter.participant() == null) {
            PARTICIPANT_ONLY.stream().filter(name -> request.getParameters().contains(name))
                    .forEach(name -> query.reject(name, "is a participant's own, so it needs participant"));
        }
        query.check();
        ConversationListPage page = listing.list(filter, scope, after, limit);
        return new ConversationList(page.items(),
                page.next() == null ? null : Cursors.activity(page.next(), filter.pinnedFirst()));
    }

    /** A page of conversations; pass {@code nextCursor} as {@code cursor} for the next, null at the end. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @Serdeable
    record ConversationList(List<ConversationListItem> items, @Nullable String nextCursor) {
    }
}
