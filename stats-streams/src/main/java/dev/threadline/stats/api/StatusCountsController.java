package dev.threadline.stats.api;

import dev.threadline.problem.ProblemResponses;
import dev.threadline.stats.query.RemoteQueries;
import dev.threadline.stats.query.StatsQueries;
import dev.threadline.stats.query.StatsScope;
import dev.threadline.stats.query.StatusCountsView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Open/pending/resolved counts of every group of a dimension in the caller's tenant, gathered from every instance. */
@Controller("/v1/stats/status-counts")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
class StatusCountsController {

    private final StatsQueries queries;
    private final StatsAccess access;

    StatusCountsController(StatsQueries queries, StatsAccess access) {
        this.queries = queries;
        this.access = access;
    }

    @Get
    StatusCountsView counts(HttpRequest<?> request, @Nullable @Header(RemoteQueries.FORWARDED_HEADER) String forwarded) {
        StatsScope scope = access.scope(request);
        StatsParameters parameters = new StatsParameters();
        var parsed = parameters.dimension(parameters.single(request.getParameters(), "dimension"));
        parameters.check();
        return queries.statusCounts(parsed, scope, forwarded != null);
    }
}
