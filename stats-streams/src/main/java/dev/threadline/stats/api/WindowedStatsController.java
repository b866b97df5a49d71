package dev.threadline.stats.api;

import dev.threadline.stats.config.StatsConfig;
import dev.threadline.stats.query.RemoteQueries;
import dev.threadline.stats.query.StatsQueries;
import dev.threadline.stats.query.WindowedStatsView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** Windowed aggregates of one metric for one group, from the instance that holds the series. */
@Controller("/v1/stats")
@ExecuteOn(TaskExecutors.BLOCKING)
class WindowedStatsController {

    private final StatsQueries queries;
    private final StatsConfig config;

    WindowedStatsController(StatsQueries queries, StatsConfig config) {
        this.queries = queries;
        this.config = config;
    }

    @Get("/{metric}")
    WindowedStatsView windows(@PathVariable String metric, @Nullable @QueryValue String window,
                              @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                              @Nullable @QueryValue String dimension, @Nullable @QueryValue String value,
                              @Nullable @Header(RemoteQueries.FORWARDED_HEADER) String forwarded) {
        var query = new StatsParameters().windowedQuery(metric, config.windowSpecs(), window, from, to, dimension, value);
        return queries.windowed(query, forwarded != null);
    }
}
