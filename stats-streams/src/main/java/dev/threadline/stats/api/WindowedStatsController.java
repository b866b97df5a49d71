package dev.threadline.stats.api;

import dev.threadline.problem.ProblemResponses;
import dev.threadline.stats.config.StatsConfig;
import dev.threadline.stats.query.RemoteQueries;
import dev.threadline.stats.query.StatsQueries;
import dev.threadline.stats.query.StatsScope;
import dev.threadline.stats.query.WindowedStatsView;
import dev.threadline.stats.query.WindowsView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * Windowed aggregates of one metric for one group of the caller's tenant ({@code all}: the whole tenant), from the
 * instance that holds the series.
 */
@Controller("/v1/stats")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
class WindowedStatsController {

    private final StatsQueries queries;
    private final StatsConfig config;
    private final StatsAccess access;

    WindowedStatsController(StatsQueries queries, StatsConfig config, StatsAccess access) {
        this.queries = queries;
        this.config = config;
        this.access = access;
    }

    /** The configured window sizes; a literal path, so it wins over {@code /{metric}}. */
    @Get("/windows")
    WindowsView windowSizes() {
        return WindowsView.of(config.windowSpecs());
    }

    @Get("/{metric}")
    WindowedStatsView windows(@PathVariable String metric, HttpRequest<?> request,
                              @Nullable @Header(RemoteQueries.FORWARDED_HEADER) String forwarded) {
        StatsScope scope = access.scope(request);
        StatsParameters parameters = new StatsParameters();
        HttpParameters given = request.getParameters();
        var query = parameters.windowedQuery(metric, config.windowSpecs(), parameters.single(given, "window"),
                parameters.single(given, "from"), parameters.single(given, "to"), parameters.single(given, "dimension"),
                parameters.single(given, "value"));
        if (scope.refuses(query.group())) {
            throw StatsAccess.otherTenant(scope);
        }
        return queries.windowed(query.withGroup(scope.group(query.group())), forwarded != null);
    }
}
