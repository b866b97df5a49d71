package dev.threadline.thread.api;

import dev.threadline.problem.TemporarilyUnavailableHandler;
import dev.threadline.thread.persistence.DatabaseFailure;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A query the database could not answer: 503 with Retry-After while PostgreSQL is away, busy or timed out, 500
 * otherwise — both as problem+json that names no driver, SQL or stack detail (those go to the log).
 */
@Singleton
class DatabaseErrorHandler implements ExceptionHandler<SQLException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseErrorHandler.class);
    private static final long RETRY_AFTER_SECONDS = 5;

    private final ErrorResponseProcessor<?> responseProcessor;

    DatabaseErrorHandler(ErrorResponseProcessor<?> responseProcessor) {
        this.responseProcessor = responseProcessor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, SQLException exception) {
        if (DatabaseFailure.of(exception) == DatabaseFailure.TRANSIENT && isUnavailable(exception)) {
            LOG.warn("{} {}: database unavailable: {}", request.getMethod(), request.getPath(), exception.toString());
            return responseProcessor.processResponse(ErrorContext.builder(request)
                            .errorMessage("The database is unavailable or busy; retry later").build(),
                    TemporarilyUnavailableHandler.unavailable(RETRY_AFTER_SECONDS));
        }
        LOG.error("{} {} failed", request.getMethod(), request.getPath(), exception);
        return responseProcessor.processResponse(ErrorContext.builder(request)
                        .errorMessage("The query failed; the service's log has the reason").build(),
                HttpResponse.status(HttpStatus.INTERNAL_SERVER_ERROR));
    }

    /** Connection errors, a pool without connections, shutdown, timeouts, deadlocks: not the query's fault. */
    private static boolean isUnavailable(SQLException exception) {
        String state = DatabaseFailure.sqlState(exception);
        return state == null || state.startsWith("08") || state.startsWith("57") || state.startsWith("53")
                || state.startsWith("40") || state.equals("55P03");
    }
}
