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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the query parameters of the stats API, collecting every problem before rejecting the request with one 400
 * problem that names each offending parameter.
 */
final class StatsParameters {

    /** Windows a query returns when it names no {@code from}: the latest 24 of its size. */
    private static final int DEFAULT_WINDOWS = 24;

    private final List<Problem.FieldError> errors = new ArrayList<>();

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

    /** The group within the dimension; {@code all} needs none, the others one, and kind and priority a known one. */
    DimensionValue group(Dimension dimension, String value) {
        if (dimension == null) {
            return null;
        }
        return switch (dimension) {
            case all -> DimensionValue.ALL;
            case kind -> known(dimension, value, ConversationKind.values());
            case priority -> known(dimension, value, Priority.values());
            case tenant -> value == null || value.isBlank() ? reject("value", "must name a tenant")
                    : new DimensionValue(Dimension.tenant, value);
        };
    }

    Instant instant(String name, String value, Instant fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return reject(name, "must be an ISO-8601 instant such as 2026-01-31T12:00:00Z");
        }
    }

    /** {@code to} defaults to now, {@code from} to {@value #DEFAULT_WINDOWS} windows before it. */
    WindowedQuery windowedQuery(String metricPath, List<WindowSpec> windows, String window, String from, String to,
                                String dimension, String value) {
        MetricName metric = metric(metricPath);
        WindowSpec spec = window(window, windows);
        DimensionValue group = group(dimension(dimension), value);
        Instant end = instant("to", to, Instant.now());
        Instant start = instant("from", from, spec == null || end == null ? null
                : end.minus(spec.size().multipliedBy(DEFAULT_WINDOWS)));
        if (start != null && end != null && start.isAfter(end)) {
            reject("from", "must not be after to");
        }
        check();
        return new WindowedQuery(metric, spec, group, start, end);
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
