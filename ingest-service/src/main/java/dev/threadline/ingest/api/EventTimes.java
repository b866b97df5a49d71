package dev.threadline.ingest.api;

import dev.threadline.problem.InvalidRequestException;
import dev.threadline.problem.Problem.FieldError;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The {@code occurredAt} query parameter of the commands that have no body (the {@code DELETE} routes): the same
 * ISO-8601 time a body's {@code occurredAt} takes, such as {@code 2024-05-01T12:00:00Z} or
 * {@code 2024-05-01T14:00:00+02:00}.
 */
final class EventTimes {

    private EventTimes() {
    }

    /** The parameter's time; null when it is absent. @throws InvalidRequestException if it is not such a time */
    static Instant parameter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException(List.of(new FieldError("occurredAt",
                    "must be an ISO-8601 time with a zone offset, e.g. 2024-05-01T12:00:00Z")));
        }
    }
}
