package dev.threadline.importer;

import dev.threadline.localstack.ProgressText;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The import's progress on standard error, at most once a second: how much of the file is read, records handled and
 * refused, the rate of this run and the time left at that rate. On a terminal it rewrites one line; otherwise (a log,
 * CI) it writes a line every 10 seconds.
 */
final class Progress implements AutoCloseable {

    private final PrintStream err;
    private final long size;
    private final boolean terminal = System.console() != null;
    private final long began = System.nanoTime();
    private final long recordsBefore;
    private long bytes;
    private ImportState.Counts counts;
    private long lastPrint;
    private boolean printed;

    Progress(PrintStream err, long size, ImportState.Counts before) {
        this.err = err;
        this.size = Math.max(size, 1);
        this.counts = before;
        this.recordsBefore = before.records();
        this.lastPrint = began;
    }

    synchronized void bytes(long read) {
        bytes = read;
        maybePrint();
    }

    synchronized void handled(ImportState.Counts total) {
        counts = total;
        maybePrint();
    }

    private void maybePrint() {
        long now = System.nanoTime();
        if (now - lastPrint < (terminal ? 1_000_000_000L : 10_000_000_000L)) {
            return;
        }
        lastPrint = now;
        double seconds = Math.max((now - began) / 1e9, 1e-3);
        double fraction = Math.min(1.0, (double) bytes / size);
        double rate = (counts.records() - recordsBefore) / seconds;
        long left = fraction > 0 ? Math.round(seconds * (1 - fraction) / fraction) : -1;
        String line = String.format(Locale.ROOT, "import %5.1f%% %s %,d records (%,d refused), %,.0f records/s, %s left",
                100 * fraction, ProgressText.bar(fraction), counts.records(), counts.rejected(), rate,
                ProgressText.clock(left));
        if (terminal) {
            err.print("\r" + line);
        } else {
            err.println(line);
        }
        printed = true;
    }

    @Override
    public synchronized void close() {
        if (printed && terminal) {
            err.println();
            printed = false;
        }
    }
}
