package dev.threadline.stats.api;

import dev.threadline.stats.query.ConversationMetricsView;
import dev.threadline.stats.query.RemoteQueries;
import dev.threadline.stats.query.StatsQueries;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.exceptions.HttpStatusException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/** One conversation's metrics, from the instance that holds it; store reads and forwarding block. */
@Controller("/v1/stats/conversations")
@ExecuteOn(TaskExecutors.BLOCKING)
class ConversationStatsController {

    private final StatsQueries queries;

    ConversationStatsController(StatsQueries queries) {
        this.queries = queries;
    }

    @Get("/{id}")
    ConversationMetricsView conversation(@PathVariable String id, @Nullable @Header(RemoteQueries.FORWARDED_HEADER) String forwarded) {
        return queries.conversation(new StatsParameters().conversationId(id), forwarded != null)
                .orElseThrow(() -> new HttpStatusException(HttpStatus.NOT_FOUND, "No metrics for conversation " + id));
    }
}
