package dev.threadline.e2e.pipeline;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The summary's per-step tables: rates, lags and latencies; CPU per component; heap per JVM. */
final class StepTables {

    private final StringBuilder md;
    private final List<StepFigures> figures;

    StepTables(StringBuilder md, List<StepFigures> figures) {
        this.md = md;
        this.figures = figures;
    }

    void write() {
        if (figures.isEmpty()) {
            line("No step ran (see the notes under Run).");
            line("");
            return;
        }
        steps();
        cpu();
        heap();
    }

    private void steps() {
        line("## Steps");
        line("");
        line("Lag: max / p99 over the step's samples (one a second), in records (offsets, transaction markers included) and "
                + "in seconds (age of the oldest record not applied yet). End-to-end: probes acknowledged in the step, "
                + "p50 / p90 / p99 in ms from the 202 to visible.");
        line("");
        line("| step | offered msg/s | acked msg/s (events/s) | non-202 | thread-service lag rec · s | stats-streams lag rec · s "
                + "| search lag rec · s | 202 → read model p50/p90/p99 (seen) | 202 → metrics p50/p90/p99 (seen) | drain s | verdict |");
        line("|---|---:|---:|---:|---|---|---|---|---|---:|---|");
        for (StepFigures f : figures) {
            StepResult s = f.step();
            line("| %s | %s | %s (%s) | %s | %s | %s | %s | %s | %s | %s | %s |", s.name(), PipelineReport.fmt(s.offeredMessages()),
                    PipelineReport.fmt(f.ackedMessagesPerSecond()), PipelineReport.fmt(f.ackedEventsPerSecond()),
                    nonAcknowledged(s), lag(f.thread()), lag(f.stats()), lag(f.search()), latency(f.toReadModel()),
                    latency(f.toMetrics()), s.drainSeconds() == null ? "not drained" : String.format(Locale.ROOT, "%.0f%s",
                            s.drainSeconds(), s.searchDrained() ? "" : " (search not)"),
                    s.warmup() ? "warm-up" : f.sustained() ? "sustained" : "**not sustained**: " + String.join("; ", f.notSustainedBecause()));
        }
        line("");
    }

    private void cpu() {
        Set<String> components = new LinkedHashSet<>();
        figures.forEach(f -> components.addAll(f.cores().keySet()));
        line("## CPU per component (cores: CPU seconds ÷ wall seconds of the step; %d cores in all)",
                Runtime.getRuntime().availableProcessors());
        line("");
        line("| step | %s | sum | machine busy (of which steal) |", String.join(" | ", components));
        line("|---|%s---:|---:|", "---:|".repeat(components.size()));
        for (StepFigures f : figures) {
            StringBuilder row = new StringBuilder("| " + f.step().name() + " |");
            components.forEach(c -> row.append(' ').append(cores(f.cores().getOrDefault(c, -1.0))).append(" |"));
            double sum = f.cores().values().stream().mapToDouble(Double::doubleValue).sum();
            row.append(' ').append(cores(sum)).append(" | ").append(cores(f.machineBusyCores())).append(" (")
                    .append(cores(f.stealCores())).append(") |");
            line(row.toString());
        }
        line("");
        line("PostgreSQL: the postmaster, its backends and the backends that exited. The load generator is the test JVM: the "
                + "senders, the probes, the samplers.");
        line("");
    }

    private void heap() {
        line("## Heap per JVM (MB; from each JVM's GC log over the step, RSS from /proc)");
        line("");
        line("Services run with -Xmx512m, the broker with -Xms1g -Xmx1g. \"After GC\" is the heap in use right after a "
                + "collection (the live objects, plus what young collections promoted and no mixed collection has freed yet); "
                + "\"before GC\" the most the heap held; \"committed\" what the JVM had reserved.");
        line("");
        line("| step | JVM | after GC, peak | before GC, peak | committed | pauses (total ms) | RSS peak |");
        line("|---|---|---:|---:|---:|---:|---:|");
        for (StepFigures f : figures) {
            f.heap().forEach((name, h) -> line("| %s | %s | %s | %s | %s | %d (%.0f) | %s |", f.step().name(), name,
                    PipelineReport.mb(h.peakAfterGcMb()), PipelineReport.mb(h.peakBeforeGcMb()), PipelineReport.mb(h.committedMb()),
                    h.pauses(), h.pauseMillis(), PipelineReport.mb(h.rssPeakMb())));
        }
        line("");
    }

    private static String nonAcknowledged(StepResult s) {
        long failed = s.failedBatches();
        long unacked = s.counts().unackedCommands();
        return failed == 0 && unacked == 0 ? "0" : unacked + " cmds (" + failed + " batches: " + s.answers() + ")";
    }

    private static String lag(StepFigures.Lag l) {
        if (l.samples() == 0) {
            return "no sample";
        }
        return String.format(Locale.ROOT, "%s / %s · %s / %s", l.maxRecords(), l.p99Records(), seconds(l.maxSeconds()),
                seconds(l.p99Seconds()));
    }

    private static String seconds(double s) {
        return s < 0 ? "–" : String.format(Locale.ROOT, "%.2f", s);
    }

    private static String latency(StepFigures.Latency l) {
        if (l.probes() == 0) {
            return "no probe";
        }
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f (%d/%d%s)", l.p50(), l.p90(), l.p99(), l.seen(), l.probes(),
                l.beforeAck() > 0 ? ", " + l.beforeAck() + " before the 202" : "");
    }

    private static String cores(double cores) {
        return cores < 0 ? "–" : String.format(Locale.ROOT, "%.2f", cores);
    }

    private void line(String format, Object... args) {
        md.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    }
}
