package dev.threadline.thread.api;

import dev.threadline.problem.InvalidRequestException;
import dev.threadline.problem.Problem;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpParameters;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads a request's query parameters as text and checks them here, so that every bad value —
 * an unknown status, "yes" for a boolean, a limit out of range, a forged cursor — is one 400
 * problem entry naming its parameter, and all of a request's mistakes are reported at once.
 * Collect with the typed getters, then call {@link #check()} before using any value.
 */
final class QueryParameters {

    private final HttpParameters parameters;
    private final List<Problem.FieldError> errors = new ArrayList<>();

    QueryParameters(HttpParameters parameters) {
        this.parameters = parameters;
    }

    /** A non-blank text of at most {@code maxLength} characters, or null if absent. */
    @Nullable
    String text(String name, int maxLength) {
        String value = parameters.get(name);
        if (value != null && (value.isBlank() || value.length() > maxLength)) {
            return reject(name, "must be 1 to %d characters, not blank".formatted(maxLength));
        }
        return value;
    }

    /** One of the names of {@code values}, or null if absent. */
    @Nullable
    String oneOf(String name, Enum<?>[] values) {
        String value = parameters.get(name);
        if (value != null && Arrays.stream(values).noneMatch(v -> v.name().equals(value))) {
            return reject(name, "must be one of " + Arrays.stream(values).map(Enum::name).toList());
        }
        return value;
    }

    /** {@code true} or {@code false}, or null if absent. */
    @Nullable
    Boolean bool(String name) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> reject(name, "must be true or false");
        };
    }

    /** An integer in [min, max], or {@code absent} if the parameter is not given. */
    @Nullable
    Integer integer(String name, @Nullable Integer absent, int min, int max) {
        String value = parameters.get(name);
        if (value == null) {
            return absent;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        return reject(name, "must be an integer from %d to %d".formatted(min, max));
    }

    /** An ISO-8601 instant such as {@code 2026-11-01T00:00:00Z}, or {@code absent}. */
    Instant instant(String name, Instant absent) {
        String value = parameters.get(name);
        if (value == null) {
            return absent;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            reject(name, "must be an ISO-8601 instant such as 2026-11-01T00:00:00Z");
            return absent;
        }
    }

    /** A cursor this service handed out, decoded; null if absent. */
    @Nullable
    <T> T cursor(String name, Function<String, T> decoder) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        try {
            return decoder.apply(value);
        } catch (IllegalArgumentException e) {
            return reject(name, "is not a cursor of this list: pass nextCursor of the previous page unchanged");
        }
    }

    /** Records that a parameter is wrong; returns null for the caller's convenience. */
    @Nullable
    <T> T reject(String name, String message) {
        errors.add(new Problem.FieldError(name, message));
        return null;
    }

    /** Throws the 400 with every problem found so far, if there was one. */
    void check() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
