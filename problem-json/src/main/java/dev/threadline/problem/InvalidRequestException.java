package dev.threadline.problem;

import java.util.List;

/**
 * A request that breaks rules bean validation cannot express (limits from configuration, rules
 * over several fields). Rendered as a 400 problem with one entry per field, like a constraint
 * violation.
 */
public class InvalidRequestException extends RuntimeException {

    private final List<Problem.FieldError> errors;

    public InvalidRequestException(List<Problem.FieldError> errors) {
        super(errors.size() == 1 ? errors.getFirst().field() + ": " + errors.getFirst().message()
                : errors.size() + " problems with the request");
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
