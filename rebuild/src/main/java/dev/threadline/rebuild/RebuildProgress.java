package dev.threadline.rebuild;

import dev.threadline.localstack.ProgressText;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The rebuild's progress on standard error: offsets of the log (its events, and the transactions' commit markers
 * between them) applied by the read model and by the search index, the rate and the time left at that rate. On a terminal it rewrites one line every second; otherwise (a log, CI) it writes a
 * line every 10 seconds.
 */
final class RebuildProgress implements AutoCloseable {

    private final PrintStream err;
    private final long total;
    private final boolean terminal = System.console() != null;
    private final long began = System.nanoTime();
    private long lastPrint = began;
    private boolean printed;

    RebuildProgress(PrintStream err, long total) {
        this.err = err;
        this.total = Math.max(total, 1);
    }

    void show(long readModel, long search) {
        long now = System.nanoTime();
        if (now - lastPrint < (terminal ? 1_000_000_000L : 10_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max((now - began) / 1e9, 1e-3);
        long done = Math.min(readModel, search);
        double fraction = Math.min(1.0, (double) done / total);
        double rate = readModel / seconds;
        long left = done > 0 ? Math.round(seconds * (total - done) / done) : -1;
        String line = String.format(Locale.ROOT, "rebuild %5.1f%% %s %,d of %,d log offsets (search index %,d), %,.0f offsets/s, %s left",
                100 * fraction, ProgressText.bar(fraction), readModel, total, search, rate,
                ProgressText.clock(left));
        if (terminal) {
            err.print("\r" + line);
        } else {
            err.println(line);
        }
        printed = true;
    }

    @Override
    public void close() {
        if (printed && terminal) {
            err.println();
            printed = false;
        }
    }
}
