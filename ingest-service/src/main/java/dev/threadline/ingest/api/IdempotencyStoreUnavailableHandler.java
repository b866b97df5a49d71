package dev.threadline.ingest.api;

import dev.threadline.ingest.service.IdempotencyStoreUnavailableException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ErrorResponseProcessorExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** The idempotency store is down: 503 with Retry-After; nothing was published. */
@Singleton
class IdempotencyStoreUnavailableHandler extends ErrorResponseProcessorExceptionHandler<IdempotencyStoreUnavailableException> {

    IdempotencyStoreUnavailableHandler(ErrorResponseProcessor<?> responseProcessor) {
        super(responseProcessor);
    }

    @Override
    protected MutableHttpResponse<?> createResponse(IdempotencyStoreUnavailableException exception) {
        return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5");
    }
}
