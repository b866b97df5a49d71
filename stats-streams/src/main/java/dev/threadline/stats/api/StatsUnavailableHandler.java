package dev.threadline.stats.api;

import dev.threadline.stats.streams.StatsUnavailableException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ErrorResponseProcessorExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** The stores are starting or moving, or their holder did not answer: 503 with Retry-After. */
@Singleton
class StatsUnavailableHandler extends ErrorResponseProcessorExceptionHandler<StatsUnavailableException> {

    StatsUnavailableHandler(ErrorResponseProcessor<?> responseProcessor) {
        super(responseProcessor);
    }

    @Override
    protected MutableHttpResponse<?> createResponse(StatsUnavailableException exception) {
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1");
    }
}
