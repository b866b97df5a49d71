package dev.threadline.thread.api;

import dev.threadline.problem.ParameterErrors;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpParameters;
import java.time.Instant;
import java.util.Arrays;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads a request's query parameters (and text path variables) as text and checks them here, so
 * that every bad value — an unknown status, "yes" for a boolean, a limit out of range, an instant
 * outside 1970..9999, a NUL, a forged cursor, a parameter given twice — is one 400 problem entry
 * naming its parameter, all of a request's mistakes are reported at once, and no value the
 * database cannot take ever reaches it. Collect with the typed getters, then call
 * {@link #check()} before using any value. The errors, and the rules the thread service shares with
 * stats-streams (one value per parameter, text, UUIDs, instants), are {@link ParameterErrors}'.
 */
final class QueryParameters {

    /** The example an instant's error names. */
    private static final String EXAMPLE_INSTANT = "2026-11-01T00:00:00Z";
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+");

    private final HttpParameters parameters;
    private final ParameterErrors errors = new ParameterErrors();

    QueryParameters(HttpParameters parameters) {
        this.parameters = parameters;
    }

    /** A non-blank text of at most {@code maxLength} characters without control characters, or null if absent. */
    @Nullable
    String text(String name, int maxLength) {
        return errors.text(name, value(name), maxLength);
    }

    /** A path variable held to the rules of {@link #text}; it is never absent. */
    String pathText(String name, String value, int maxLength) {
        return errors.text(name, value, maxLength);
    }

    /** A path variable that must be a UUID in its 36-character text form (any case): {@link ParameterErrors#isUuid}. */
    String pathUuid(String name, String value) {
        return errors.uuid(name, value);
    }

    /** One of the names of {@code values}, or null if absent. */
    @Nullable
    String oneOf(String name, Enum<?>[] values) {
        String value = value(name);
        if (value != null && Arrays.stream(values).noneMatch(v -> v.name().equals(value))) {
            return reject(name, "must be one of " + Arrays.stream(values).map(Enum::name).toList());
        }
        return value;
    }

    /** {@code true} or {@code false}, or null if absent. */
    @Nullable
    Boolean bool(String name) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> reject(name, "must be true or false");
        };
    }

    /** {@code true} or {@code false}, {@code absent} if not given. */
    boolean bool(String name, boolean absent) {
        Boolean value = bool(name);
        return value == null ? absent : value;
    }

    /** An integer in [min, max], or {@code absent} if the parameter is not given. */
    @Nullable
    Integer integer(String name, @Nullable Integer absent, int min, int max) {
        Long value = longInteger(name, min, max);
        return value == null ? absent : Integer.valueOf(value.intValue());
    }

    /** A whole number in [min, max] (ASCII decimal digits, no sign but minus, no fraction), or null if absent. */
    @Nullable
    Long longInteger(String name, long min, long max) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        // Long.parseLong also takes '+' and the digits of any script (Arabic-Indic, fullwidth); the API takes 0-9.
        if (DECIMAL.matcher(value).matches()) {
            try {
                long parsed = Long.parseLong(value);
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // out of long's range, reported below
            }
        }
        return reject(name, "must be an integer from %d to %d".formatted(min, max));
    }

    /** An ISO-8601 instant such as {@code 2026-11-01T00:00:00Z} from 1970 to 9999, or {@code absent} (also if it is not one). */
    Instant instant(String name, Instant absent) {
        Instant parsed = errors.instant(name, value(name), absent, EXAMPLE_INSTANT);
        return parsed == null ? absent : parsed;
    }

    /** Rejects {@code second} when both it and {@code first} are given: the two ask for different things. */
    void exclusive(String first, String second) {
        if (parameters.contains(first) && parameters.contains(second)) {
            reject(second, "cannot be given together with " + first);
        }
    }

    /** A cursor this service handed out, decoded; null if absent. */
    @Nullable
    <T> T cursor(String name, Function<String, T> decoder) {
        String value = value(name);
        if (value == null) {
            return null;
        }
        try {
            return decoder.apply(value);
        } catch (IllegalArgumentException e) {
            return reject(name, "is not a cursor of this list: pass nextCursor of the previous page unchanged");
        }
    }

    /** The parameter's one value, null if absent; given more than once, it is rejected. */
    @Nullable
    private String value(String name) {
        return errors.single(parameters, name);
    }

    /** Records that a parameter is wrong; returns null for the caller's convenience. */
    @Nullable
    <T> T reject(String name, String message) {
        return errors.reject(name, message);
    }

    /** Throws the 400 with every problem found so far, if there was one. */
    void check() {
        errors.check();
    }
}
