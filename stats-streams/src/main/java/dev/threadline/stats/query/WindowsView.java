package dev.threadline.stats.query;

import dev.threadline.stats.config.WindowSpec;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The window sizes of the windowed aggregates, as {@code GET /v1/stats/windows} lists them: what
 * {@code GET /v1/stats/{metric}?window=} takes, the first being its default.
 */
@Serdeable
public record WindowsView(List<Window> windows) {

    public WindowsView {
        windows = List.copyOf(windows);
    }

    public static WindowsView of(List<WindowSpec> specs) {
        return new WindowsView(specs.stream().map(spec -> new Window(spec.name(), spec.size().toMillis(),
                spec.grace().toMillis(), spec.retention().toMillis())).toList());
    }

    /** One window size: its name in the API, and its size, grace and retention in milliseconds. */
    @Serdeable
    public record Window(String name, long sizeMillis, long graceMillis, long retentionMillis) {
    }
}
