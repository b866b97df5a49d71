package dev.threadline.thread.api;

import dev.threadline.problem.ProblemResponses;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.query.ConversationReports;
import dev.threadline.thread.view.SummaryReport;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code GET /v1/reports/summary?from=&to=&top=}: the summary of conversations started in
 * [from, to) in the caller's tenant; the last 30 days when not given. Not for users: it covers the whole tenant.
 */
@Controller("/v1/reports")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
class ReportController {

    private static final Duration DEFAULT_SPAN = Duration.ofDays(30);

    private final ConversationReports reports;
    private final ReadAccess access;

    ReportController(ConversationReports reports, ReadAccess access) {
        this.reports = reports;
        this.access = access;
    }

    @Get("/summary")
    SummaryReport summary(HttpRequest<?> request) throws SQLException {
        ReadScope scope = access.scope(request);
        ReadAccess.reports(scope);
        QueryParameters query = new QueryParameters(request.getParameters());
        Instant to = query.instant("to", Clock.systemUTC().instant());
        Instant from = query.instant("from", to.minus(DEFAULT_SPAN));
        Integer top = query.integer("top", 10, 1, 100);
        if (!from.isBefore(to)) {
            query.reject("from", "must be before to");
        }
        query.check();
        return reports.summary(from, to, top, scope);
    }
}
