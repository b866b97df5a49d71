package dev.threadline.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpParameters;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Collects what is wrong with a request's query parameters and path variables, so that every bad value is one entry,
 * naming its parameter, of one 400 problem ({@link InvalidRequestException}) with all of the request's mistakes, and
 * no value a store cannot take ever reaches it. Each check returns the value when it is good, and records an error
 * and returns null when it is not; call {@link #check()} before using any value. The thread service's
 * {@code QueryParameters} and stats-streams' {@code StatsParameters} read their parameters through one of these,
 * with the rules they share: a parameter is given at most once; text is 1 to n characters, not blank, without
 * control characters; an id is a UUID; an instant is ISO-8601 from 1970 to 9999.
 */
public final class ParameterErrors {

    /** The earliest instant a query may name: nothing in Threadline happened before it, and no window starts before it. */
    public static final Instant EARLIEST = Instant.EPOCH;
    /**
     * The latest instant a query may name: four-digit years, to the last nanosecond, well inside what PostgreSQL,
     * epoch micros and the window stores (which take its millisecond) hold.
     */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** Whether {@code value} is a UUID in its 36-character text form (any case). */
    public static boolean isUuid(@Nullable String value) {
        return value != null && UUID.matcher(value).matches();
    }

    /** The parameter's one value, null if absent; given more than once (Micronaut would join the values), it is rejected. */
    @Nullable
    public String single(HttpParameters parameters, String name) {
        List<String> values = parameters.getAll(name);
        if (values.size() > 1) {
            return reject(name, "must be given at most once");
        }
        return values.isEmpty() ? null : values.getFirst();
    }

    /**
     * {@code value} if it is absent (null) or a non-blank text of at most {@code maxLength} characters without control
     * characters.
     */
    @Nullable
    public String text(String name, @Nullable String value, int maxLength) {
        if (value != null && (value.isBlank() || value.length() > maxLength)) {
            return reject(name, "must be 1 to %d characters, not blank".formatted(maxLength));
        }
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            return reject(name, "must not contain control characters such as NUL");
        }
        return value;
    }

    /** {@code value} if it is a UUID ({@link #isUuid}); for path variables, which are never absent. */
    @Nullable
    public String uuid(String name, String value) {
        return isUuid(value) ? value : reject(name, "must be a UUID");
    }

    /**
     * An ISO-8601 instant such as {@code example} from {@link #EARLIEST} to {@link #LATEST}; {@code absent} if
     * {@code value} is null, and null if it is not such an instant.
     */
    @Nullable
    public Instant instant(String name, @Nullable String value, @Nullable Instant absent, String example) {
        if (value == null) {
            return absent;
        }
        try {
            Instant parsed = Instant.parse(value);
            if (!parsed.isBefore(EARLIEST) && !parsed.isAfter(LATEST)) {
                return parsed;
            }
        } catch (DateTimeException e) {
            // reported below
        }
        return reject(name, "must be an ISO-8601 instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, such as "
                + example);
    }

    /** Records that a parameter is wrong; returns null for the caller's convenience. */
    @Nullable
    public <T> T reject(String name, String message) {
        errors.add(new Problem.FieldError(name, message));
        return null;
    }

    /** Throws the 400 with every problem found so far, if there was one. */
    public void check() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }
}
