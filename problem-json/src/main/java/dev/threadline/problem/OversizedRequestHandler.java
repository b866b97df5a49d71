package dev.threadline.problem;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import jakarta.inject.Singleton;

/**
 * A request line or headers over Netty's limits never reach a route: the decoder fails. Micronaut answers that
 * 413 when no route handles the status, or, when one does ({@link OversizedRequestRoute}), raises the decoder's
 * exception, which lands here. A URL too long is 414 URI Too Long and headers too large 431 (RFC 9110 §15.5.15,
 * RFC 6585 §5), as problem+json like every other error. The request line's limit is
 * {@code micronaut.server.netty.max-initial-line-length}.
 */
@Singleton
class OversizedRequestHandler implements ExceptionHandler<TooLongFrameException, HttpResponse<?>> {

    private final ErrorResponseProcessor<?> responseProcessor;

    OversizedRequestHandler(ErrorResponseProcessor<?> responseProcessor) {
        this.responseProcessor = responseProcessor;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, TooLongFrameException exception) {
        if (exception instanceof TooLongHttpLineException) {
            return problem(request, HttpStatus.REQUEST_URI_TOO_LONG, "The request line (method and URL) is too long");
        }
        if (exception instanceof TooLongHttpHeaderException) {
            return problem(request, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request's headers are too large");
        }
        return problem(request, HttpStatus.REQUEST_ENTITY_TOO_LARGE, "The request is too large");
    }

    /** Netty discards the rest of the connection after such a request, so the answer says it closes it. */
    private HttpResponse<?> problem(HttpRequest<?> request, HttpStatus status, String message) {
        return responseProcessor.processResponse(ErrorContext.builder(request).errorMessage(message).build(),
                HttpResponse.status(status).header(HttpHeaders.CONNECTION, "close"));
    }
}
