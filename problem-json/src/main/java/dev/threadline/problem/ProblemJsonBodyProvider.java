package dev.threadline.problem;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;
import java.util.Comparator;
import java.util.List;

/**
 * Makes Micronaut render every error response, its own (malformed JSON, 404, 405, 413, 415,
 * constraint violations) and ours, as {@code application/problem+json}.
 */
@Singleton
@Replaces(JsonErrorResponseBodyProvider.class)
public class ProblemJsonBodyProvider implements JsonErrorResponseBodyProvider<Problem> {

    @Override
    public Problem body(ErrorContext context, HttpResponse<?> response) {
        List<Problem.FieldError> errors = context.getRootCause()
                .map(ProblemJsonBodyProvider::fieldErrors)
                .orElseGet(() -> context.getErrors().stream()
                        .map(error -> new Problem.FieldError(error.getPath().orElse(null), error.getMessage()))
                        .toList());
        String detail = errors.size() == 1 ? errors.getFirst().message()
                : errors.isEmpty() ? context.getRootCause().map(Throwable::getMessage).orElse(null)
                : errors.size() + " problems with the request";
        String type = context.getRootCause()
                .filter(TypedProblem.class::isInstance).map(cause -> ((TypedProblem) cause).problemType())
                .orElse("about:blank");
        return new Problem(type, response.getStatus().getReason(), response.code(), detail,
                context.getRequest().getPath(), errors);
    }

    @Override
    public String contentType() {
        return Problem.MEDIA_TYPE;
    }

    private static List<Problem.FieldError> fieldErrors(Throwable cause) {
        return switch (cause) {
            case ConstraintViolationException violations -> violations(violations);
            case InvalidRequestException invalid -> invalid.errors();
            default -> BodyValueErrors.of(cause).map(List::of).orElse(null);
        };
    }

    private static List<Problem.FieldError> violations(ConstraintViolationException exception) {
        return exception.getConstraintViolations().stream()
                .map(violation -> new Problem.FieldError(ConstraintPaths.field(violation.getPropertyPath()), violation.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }
}
