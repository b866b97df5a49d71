package dev.threadline.ingest.api;

import dev.threadline.ingest.service.IdempotencyConflictException;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ErrorResponseProcessorExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** 422 for a key reused with a different request; 409 with Retry-After while the first request is still running. */
@Singleton
class IdempotencyConflictHandler extends ErrorResponseProcessorExceptionHandler<IdempotencyConflictException> {

    IdempotencyConflictHandler(ErrorResponseProcessor<?> responseProcessor) {
        super(responseProcessor);
    }

    @Override
    protected MutableHttpResponse<?> createResponse(IdempotencyConflictException exception) {
        return switch (exception.kind()) {
            case DIFFERENT_REQUEST -> HttpResponse.status(HttpStatus.UNPROCESSABLE_ENTITY);
            case IN_PROGRESS -> HttpResponse.status(HttpStatus.CONFLICT).header("Retry-After", "1");
        };
    }
}
