package dev.threadline.stats.api;

import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.MetricName;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.Priority;
import dev.threadline.problem.ParameterErrors;
import dev.threadline.stats.config.WindowSpec;
import dev.threadline.stats.query.WindowedQuery;
import dev.threadline.stats.topology.DimensionValue;
import io.micronaut.http.HttpParameters;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads the query parameters (and the path's conversation id) of the stats API, collecting every problem before
 * rejecting the request with one 400 problem that names each offending parameter. A parameter may be given once.
 * Instants are held to 1970..9999 because the window stores key windows by non-negative epoch millis; text to no
 * control characters. The errors, and the rules stats-streams shares with the thread service (one value per
 * parameter, text, instants), are {@link ParameterErrors}'.
 */
final class StatsParameters {

    /** Windows a query returns when it names no {@code from}: the latest 24 of its size. */
    private static final int DEFAULT_WINDOWS = 24;
    /** The longest tenant or conversation id the API takes. */
    private static final int MAX_TEXT = 256;
    /** The example an instant's error names. */
    private static final String EXAMPLE_INSTANT = "2026-01-31T12:00:00Z";

    private final ParameterErrors errors = new ParameterErrors();

    /** The parameter's one value, null if absent; given more than once (Micronaut would join the values), it is rejected. */
    String single(HttpParameters parameters, String name) {
        return errors.single(parameters, name);
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
        return errors.text(field, value, MAX_TEXT);
    }

    /** An instant from 1970 to 9999, {@code fallback} if {@code value} is null, null if it is no such instant. */
    Instant instant(String name, String value, Instant fallback) {
        return errors.instant(name, value, fallback, EXAMPLE_INSTANT);
    }

    /** {@code to} defaults to now, {@code from} to {@value #DEFAULT_WINDOWS} windows before it. */
    WindowedQuery windowedQuery(String metricPath, List<WindowSpec> windows, String window, String from, String to,
                                String dimension, String value) {
        MetricName metric = metric(metricPath);
        WindowSpec spec = window(window, windows);
        DimensionValue group = group(dimension(dimension), value);
        Instant end = instant("to", to, Instant.now());
        Instant start = instant("from", from, spec == null || end == null ? null
                : latest(ParameterErrors.EARLIEST, end.minus(spec.size().multipliedBy(DEFAULT_WINDOWS))));
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
        errors.check();
    }

    private DimensionValue known(Dimension dimension, String value, Enum<?>[] symbols) {
        if (value != null && Arrays.stream(symbols).anyMatch(symbol -> symbol.name().equals(value))) {
            return new DimensionValue(dimension, value);
        }
        return reject("value", "must be one of " + Arrays.stream(symbols).map(Enum::name).collect(Collectors.joining(", ")));
    }

    private <T> T reject(String field, String message) {
        return errors.reject(field, message);
    }
}
