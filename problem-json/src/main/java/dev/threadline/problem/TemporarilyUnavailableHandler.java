package dev.threadline.problem;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ErrorResponseProcessorExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Every service's one answer to "try again later": 503 problem+json with {@code Retry-After}. */
@Singleton
public class TemporarilyUnavailableHandler extends ErrorResponseProcessorExceptionHandler<TemporarilyUnavailableException> {

    public TemporarilyUnavailableHandler(ErrorResponseProcessor<?> responseProcessor) {
        super(responseProcessor);
    }

    @Override
    protected MutableHttpResponse<?> createResponse(TemporarilyUnavailableException exception) {
        return unavailable(exception.retryAfter().toSeconds());
    }

    /** 503 with {@code Retry-After: seconds} (at least 1), for a handler of another exception that means the same. */
    public static MutableHttpResponse<?> unavailable(long seconds) {
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", String.valueOf(Math.max(1, seconds)));
    }
}
