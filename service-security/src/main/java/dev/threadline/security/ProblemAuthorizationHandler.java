package dev.threadline.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.security.authentication.AuthorizationException;
import io.micronaut.security.authentication.DefaultAuthorizationExceptionHandler;
import jakarta.inject.Singleton;

/**
 * Answers a request the security rules turned away as problem+json: {@code 401} with a {@code WWW-Authenticate: Bearer}
 * challenge when there is no valid token (none, malformed, expired, not yet valid, wrongly signed, unsigned), {@code 403}
 * when the token is valid but its roles do not allow the route. Never a redirect, never an empty body.
 */
@Singleton
@Replaces(DefaultAuthorizationExceptionHandler.class)
public class ProblemAuthorizationHandler implements ExceptionHandler<AuthorizationException, MutableHttpResponse<?>> {

    private final ErrorResponseProcessor<?> responseProcessor;

    public ProblemAuthorizationHandler(ErrorResponseProcessor<?> responseProcessor) {
        this.responseProcessor = responseProcessor;
    }

    @Override
    public MutableHttpResponse<?> handle(HttpRequest request, AuthorizationException exception) {
        if (exception.isForbidden()) {
            return responseProcessor.processResponse(ErrorContext.builder(request)
                    .errorMessage("The token's roles do not allow " + request.getMethodName() + " " + request.getPath())
                    .build(), HttpResponse.status(HttpStatus.FORBIDDEN));
        }
        boolean presented = request.getHeaders().getAuthorization().isPresent();
        String detail = presented
                ? "The bearer token is not valid: malformed, expired, not yet valid, unsigned or not signed by a trusted key"
                : "A bearer token is required (Authorization: Bearer <JWT>)";
        MutableHttpResponse<?> response = HttpResponse.status(HttpStatus.UNAUTHORIZED);
        response.header(HttpHeaders.WWW_AUTHENTICATE, presented ? "Bearer error=\"invalid_token\"" : "Bearer");
        return responseProcessor.processResponse(ErrorContext.builder(request).errorMessage(detail).build(), response);
    }
}
