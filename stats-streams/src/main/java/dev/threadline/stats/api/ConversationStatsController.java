package dev.threadline.stats.api;

import dev.threadline.problem.ProblemResponses;
import dev.threadline.stats.query.ConversationMetricsView;
import dev.threadline.stats.query.RemoteQueries;
import dev.threadline.stats.query.StatsQueries;
import dev.threadline.stats.query.StatsScope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * One conversation's metrics, from the instance that holds it; store reads and forwarding block. Another tenant's
 * conversation is 404, like an unknown one.
 */
@Controller("/v1/stats/conversations")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
class ConversationStatsController {

    private final StatsQueries queries;
    private final StatsAccess access;

    ConversationStatsController(StatsQueries queries, StatsAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @Get("/{id}")
    ConversationMetricsView conversation(@PathVariable String id, HttpRequest<?> request,
                                         @Nullable @Header(RemoteQueries.FORWARDED_HEADER) String forwarded) {
        StatsScope scope = access.scope(request);
        return queries.conversation(new StatsParameters().conversationId(id), scope, forwarded != null)
                .orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "No metrics for conversation " + id));
    }
}
