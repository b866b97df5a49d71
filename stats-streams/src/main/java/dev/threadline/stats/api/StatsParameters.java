package dev.threadline.stats.api;

import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.MetricName;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.Priority;
import dev.threadline.problem.InvalidRequestException;
import dev.threadline.problem.Problem;
import dev.threadline.stats.config.WindowSpec;
import dev.threadline.stats.query.WindowedQuery;
import dev.threadline.stats.topology.DimensionValue;
import io.micronaut.http.HttpParameters;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the query parameters (and the path's conversation id) of the stats API, collecting every problem before
 * rejecting the request with one 400 problem that names each offending parameter. A parameter may be given once.
 * Instants are held to 1970..9999 because the window stores key windows by non-negative epoch millis; text to no
 * control characters.
 */
final class StatsParameters {

    /** Windows a query returns when it names no {@code from}: the latest 24 of its size. */
    private static final int DEFAULT_WINDOWS = 24;
    /** The earliest instant a query may name: window stores hold no window before the epoch. */
    static final Instant EARLIEST = Instant.EPOCH;
    /** The latest instant a query may name: four-digit years, to the last nanosecond (the stores take its millisecond). */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    /** The longest tenant or conversation id the API takes. */
    private static final int MAX_TEXT = 256;

    private final List<Problem.FieldError> errors = new ArrayList<>();

    /** The parameter's one value, null if absent; given more than once (Micronaut would join the values), it is rejected. */
    String single(HttpParameters parameters, String name) {
        List<String> values = parameters.getAll(name);
        if (values.size() > 1) {
            return reject(name, "must be given at most once");
        }
        return values.isEmpty() ? null : values.getFirst();
    }

    MetricName metric(String path) {
        return WindowedQuery.metricOfPath(path).orElseGet(() -> reject("metric", "must be one of "
                + Arrays.stream(MetricName.values()).map(WindowedQuery::pathOf).collect(Collectors.joining(", "))));
    }

    WindowSpec window(String name, List<WindowSpec> windows) {
        if (name == null) {
            return windows.getFirst();
        }
        return windows.stream().filter(window -> window.name().equals(name)).findFirst().orElseGet(() -> reject("window",
                "must be one of " + windows.stream().map(WindowSpec::name).collect(Collectors.joining(", "))));
    }

    Dimension dimension(String name) {
        if (name == null) {
            return Dimension.all;
        }
        return Arrays.stream(Dimension.values()).filter(d -> d.name().equals(name)).findFirst().orElseGet(() -> reject(
                "dimension", "must be one of " + Arrays.stream(Dimension.values()).map(Enum::name).collect(Collectors.joining(", "))));
    }

    /**
     * The group within the dimension; {@code all} has one group (a value, if given, must be {@code all}), the others
     * need one, and kind and priority a known one.
     */
    DimensionValue group(Dimension dimension, String value) {
        if (dimension == null) {
            return null;
        }
        return switch (dimension) {
            case all -> value == null || value.equals(DimensionValue.ALL.value()) ? DimensionValue.ALL
                    : reject("value", "must be all or left out with dimension all");
            case kind -> known(dimension, value, ConversationKind.values());
            case priority -> known(dimension, value, Priority.values());
            case tenant -> value == null || value.isBlank() ? reject("value", "must name a tenant")
                    : text("value", value) == null ? null : new DimensionValue(Dimension.tenant, value);
        };
    }

    /** A conversation id as the path gives it: 1 to 256 characters, none of them a control character. */
    String conversationId(String id) {
        String checked = text("id", id);
        check();
        return checked;
    }

    private String text(String field, String value) {
        if (value.isBlank() || value.length() > MAX_TEXT) {
            return reject(field, "must be 1 to %d characters, not blank".formatted(MAX_TEXT));
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return reject(field, "must not contain control characters such as NUL");
        }
        return value;
    }

    Instant instant(String name, String value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            Instant parsed = Instant.parse(value);
            if (!parsed.isBefore(EARLIEST) && !parsed.isAfter(LATEST)) {
                return parsed;
            }
        } catch (DateTimeException e) {
            // reported below
        }
        return reject(name, "must be an ISO-8601 instant from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z,"
                + " such as 2026-01-31T12:00:00Z");
    }

    /** {@code to} defaults to now, {@code from} to {@value #DEFAULT_WINDOWS} windows before it. */
    WindowedQuery windowedQuery(String metricPath, List<WindowSpec> windows, String window, String from, String to,
                                String dimension, String value) {
        MetricName metric = metric(metricPath);
        WindowSpec spec = window(window, windows);
        DimensionValue group = group(dimension(dimension), value);
        Instant end = instant("to", to, Instant.now());
        Instant start = instant("from", from, spec == null || end == null ? null
                : latest(EARLIEST, end.minus(spec.size().multipliedBy(DEFAULT_WINDOWS))));
        if (start != null && end != null && start.isAfter(end)) {
            reject("from", "must not be after to");
        }
        check();
        return new WindowedQuery(metric, spec, group, start, end);
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    void check() {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    private DimensionValue known(Dimension dimension, String value, Enum<?>[] symbols) {
        if (value != null && Arrays.stream(symbols).anyMatch(symbol -> symbol.name().equals(value))) {
            return new DimensionValue(dimension, value);
        }
        return reject("value", "must be one of " + Arrays.stream(symbols).map(Enum::name).collect(Collectors.joining(", ")));
    }

    private <T> T reject(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
        return null;
    }
}
