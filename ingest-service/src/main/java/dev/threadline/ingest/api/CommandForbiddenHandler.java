package dev.threadline.ingest.api;

import dev.threadline.ingest.service.CommandForbiddenException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Answers a command the caller's token does not allow with 403 problem+json saying why. */
@Singleton
class CommandForbiddenHandler implements ExceptionHandler<CommandForbiddenException, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> responseProcessor;

    CommandForbiddenHandler(ErrorResponseProcessor<?> responseProcessor) {
        this.responseProcessor = responseProcessor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, CommandForbiddenException exception) {
        return responseProcessor.processResponse(ErrorContext.builder(request).errorMessage(exception.getMessage()).build(),
                HttpResponse.status(HttpStatus.FORBIDDEN));
    }
}
