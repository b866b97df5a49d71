package dev.threadline.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/** Answers an {@link InvalidRequestException} with 400 and its field errors. */
@Singleton
public class InvalidRequestHandler implements ExceptionHandler<InvalidRequestException, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> responseProcessor;

    public InvalidRequestHandler(ErrorResponseProcessor<?> responseProcessor) {
        this.responseProcessor = responseProcessor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, InvalidRequestException exception) {
        return responseProcessor.processResponse(ErrorContext.builder(request).cause(exception).build(),
                HttpResponse.status(HttpStatus.BAD_REQUEST));
    }
}
