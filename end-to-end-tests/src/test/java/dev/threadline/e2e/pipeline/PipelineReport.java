package dev.threadline.e2e.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Writes {@code summary.md} of a run: the headline (the sustained pipeline rate), the targets it is judged by, each
 * step's rates, lags, latencies, CPU and heap, the correctness audit, the anchors with their ratios, and where and how
 * it ran. The CSV files beside it hold every sample ({@link SampleFiles}).
 */
final class PipelineReport {

    private static final String TARGET_RATE = "20,000";
    private static final int LATENCY_RATE = 5_000;

    private final PipelineRun.Result run;
    private final List<StepFigures> figures;
    private final StringBuilder md = new StringBuilder();

    private PipelineReport(PipelineRun.Result run, List<StepFigures> figures) {
        this.run = run;
        this.figures = figures;
    }

    static List<StepFigures> figures(PipelineRun.Result run) {
        return run.steps().stream().map(step -> StepFigures.of(step, run.lags(), run.probes(), run.processes(),
                run.ticksPerSecond(), run.gcLogs(), run.settings())).toList();
    }

    /** The highest offered rate of a measured step that was sustained, with every lower measured step sustained too. */
    static Optional<StepFigures> sustained(List<StepFigures> figures) {
        StepFigures best = null;
        for (StepFigures f : figures) {
            if (f.step().warmup()) {
                continue;
            }
            if (!f.sustained()) {
                break;
            }
            best = f;
        }
        return Optional.ofNullable(best);
    }

    static Path write(PipelineRun.Result run) {
        List<StepFigures> figures = figures(run);
        SampleFiles.write(run);
        Path summary = run.settings().out().resolve("summary.md");
        try {
            Files.writeString(summary, new PipelineReport(run, figures).markdown());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return summary;
    }

    private String markdown() {
        line("# Pipeline benchmark, %s UTC", run.startedAt().atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")));
        line("");
        Optional<StepFigures> best = sustained(figures);
        line("**Sustained pipeline rate: %s** — the highest offered rate at which every lag (thread-service, stats-streams) "
                + "stayed under %.0f s, ingest acknowledged ≥ %.0f %% of the offered messages and answered every batch 202; "
                + "every lower rate sustained too.", best.map(f -> fmt(f.step().offeredMessages()) + " messages/s").orElse("none of the offered rates"),
                run.settings().lagLimit().toMillis() / 1e3, StepFigures.ACHIEVED_SHARE * 100);
        line("");
        targets(best);
        line("");
        line("Correctness: **%s**%s", run.correctness().passed() ? "passed" : "FAILED",
                run.correctness().passed() ? "" : " — " + String.join("; ", run.correctness().violations()));
        line("");
        new StepTables(md, figures).write();
        correctness();
        anchors(best);
        setup();
        return md.toString();
    }

    private void targets(Optional<StepFigures> best) {
        Optional<StepFigures> at5k = figures.stream().filter(f -> !f.step().warmup() && f.step().offeredMessages() == LATENCY_RATE).findFirst();
        line("| target (issue 11) | measured | |");
        line("|---|---|---|");
        int rate = best.map(f -> f.step().offeredMessages()).orElse(0);
        line("| sustained pipeline rate ≥ %s messages/s, everything on this machine | %s | %s |", TARGET_RATE,
                best.isPresent() ? fmt(rate) + " messages/s" : "none sustained", verdict(best.isPresent() ? rate >= 20_000 : false));
        line("| at 5,000 messages/s: end-to-end p99 ≤ 500 ms to the read model | %s | %s |",
                at5k.map(f -> ms(f.toReadModel().p99()) + " (" + seen(f.toReadModel()) + ")").orElse("5,000 not offered"),
                at5k.map(f -> verdict(f.toReadModel().seen() == f.toReadModel().probes() && f.toReadModel().p99() >= 0
                        && f.toReadModel().p99() <= 500)).orElse("not measured"));
        line("| at 5,000 messages/s: end-to-end p99 ≤ 1 s to the metrics | %s | %s |",
                at5k.map(f -> ms(f.toMetrics().p99()) + " (" + seen(f.toMetrics()) + ")").orElse("5,000 not offered"),
                at5k.map(f -> verdict(f.toMetrics().seen() == f.toMetrics().probes() && f.toMetrics().p99() >= 0
                        && f.toMetrics().p99() <= 1000)).orElse("not measured"));
        heapTarget();
    }

    /** Each service's peak heap after a collection over the measured steps (or its committed heap if none happened). */
    private void heapTarget() {
        List<StepResult> measured = run.steps().stream().filter(s -> !s.warmup()).toList();
        if (measured.isEmpty()) {
            line("| heap of each service ≤ 512 MB at these rates | no step measured | not measured |");
            return;
        }
        long from = measured.getFirst().startMillis();
        long to = measured.getLast().endMillis();
        List<String> parts = new java.util.ArrayList<>();
        boolean met = true;
        for (String service : List.of("ingest-service", "thread-service", "stats-streams")) {
            GcLog log = run.gcLogs().get(service);
            GcLog.Window w = log == null ? GcLog.Window.NONE : log.window(from, to);
            if (w.pauses() > 0) {
                parts.add(String.format(Locale.ROOT, "%s %s after GC (%d collections, %.0f ms paused)", service,
                        mb(w.peakAfterMb()), w.pauses(), w.pauseMillis()));
                met &= w.peakAfterMb() <= 512;
            } else {
                double committed = log == null ? -1 : log.pauses().stream().filter(p -> p.atMillis() <= to)
                        .mapToDouble(GcLog.Pause::committedMb).reduce((a, b) -> b).orElse(-1);
                parts.add(service + " no collection during the steps (committed " + mb(committed) + ")");
                met &= committed >= 0 && committed <= 512;
            }
        }
        line("| heap of each service ≤ 512 MB at these rates (-Xmx512m) | %s | %s |", String.join("; ", parts), verdict(met));
    }

    private void correctness() {
        Correctness c = run.correctness();
        line("## Correctness (after the last step, once every consumer had caught up; %.0f s)", c.seconds());
        line("");
        if (c.readModel() != null) {
            var m = c.readModel();
            line("- read model: %s acknowledged messages, %s stored, %d lost, %d duplicated, %d starts not applied; "
                    + "counters/`last_seq`/`last_message_at` ≠ recount: %d conversations; participants: %d; read horizons behind: %d; "
                    + "unacknowledged but stored: %s", fmt(c.ackedMessages()), fmt(m.storedMessages()), m.lostMessages(),
                    m.duplicatedMessages(), m.lostStarts(), m.counterDrift(), m.participantDrift(), m.readHorizonViolations(),
                    m.unackedButStored().isEmpty() ? "none" : m.unackedButStored());
        }
        if (c.stats() != null) {
            var s = c.stats();
            line("- stats-streams: %d conversations (the first of each step and the probes') compared with the independent "
                    + "computation from the acknowledged commands: %d differ%s%s", s.checked(), s.mismatched(),
                    s.skippedAsAmbiguous() > 0 ? ", " + s.skippedAsAmbiguous() + " skipped (a command not acknowledged)" : "",
                    s.firstMismatch() == null ? "" : "; first: " + s.firstMismatch());
        }
        line("- dead letters: thread-service %s, stats-streams %s", deadLetters(c.threadDeadLetters()),
                deadLetters(c.statsDeadLetters()));
        c.errors().forEach(e -> line("- error: %s", e));
        line("");
    }

    private void anchors(Optional<StepFigures> best) {
        Anchors a = run.anchors();
        line("## Anchors (same run, same broker and PostgreSQL, after the steps)");
        line("");
        // Without a sustained step the ratios use the step ingest acknowledged most of, and say so.
        Optional<StepFigures> compared = best.or(() -> figures.stream().filter(f -> !f.step().warmup())
                .max(java.util.Comparator.comparingDouble(StepFigures::ackedMessagesPerSecond)));
        double messages = compared.map(StepFigures::ackedMessagesPerSecond).orElse(0.0);
        double events = compared.map(StepFigures::ackedEventsPerSecond).orElse(0.0);
        line("Ratios: the acknowledged rate of %s (%s messages/s, %s events/s) ÷ the anchor; events for the Kafka anchors (a "
                + "record is an event), messages for COPY (a row is a message).", best.isPresent() ? "the sustained step"
                : compared.map(f -> f.step().name() + ", not sustained,").orElse("no step"), fmt(messages), fmt(events));
        line("");
        line("| anchor | per second | pipeline ÷ anchor | what ran |");
        line("|---|---:|---:|---|");
        for (Anchors.Result r : new Anchors.Result[] {a.consumerPerformance(), a.consumerFetchOnly(), a.producerPerformance(), a.copy()}) {
            if (r != null) {
                double mine = r == a.copy() ? messages : events;
                line("| %s | %s | %s | %s |", r.name(), fmt(r.perSecond()),
                        mine > 0 && r.perSecond() > 0 ? String.format(Locale.ROOT, "%.3f", mine / r.perSecond()) : "–", r.detail());
            }
        }
        a.notes().forEach(n -> line("- %s", n));
        line("");
    }

    private void setup() {
        PipelineSettings s = run.settings();
        line("## Run");
        line("");
        line("- machine: %s", MachineInfo.machine());
        line("- load average before the build: %s; when the stack started: %s", s.loadBefore().isBlank() ? "not given" : s.loadBefore(),
                run.loadAtStart());
        line("- commit: %s", MachineInfo.commit());
        line("- command: `%s`", s.command());
        line("- settings: rates %s messages/s, %d s per step, warm-up %d s at %s, batches of %d commands, senders %s, "
                        + "%d probes/s, lag limit %.1f s, abort at %d s, drain ≤ %d s, time limit %d min",
                s.rates(), s.step().toSeconds(), s.warmup().toSeconds(), fmt(s.rates().getFirst()), s.batchSize(),
                s.workers() > 0 ? Integer.toString(s.workers()) : "≈ one batch per 100 ms each (4–64)", s.probesPerSecond(),
                s.lagLimit().toMillis() / 1e3, s.abortLag().toSeconds(), s.drain().toSeconds(), s.timeLimit().toMinutes());
        line("- stack: one Kafka 4.2.0 broker (KRaft, `kafka-server-start.sh` JVM options: -Xms1g -Xmx1g G1; features %s), "
                + "conversation-events with 12 partitions, RF 1; PostgreSQL 17 (zonky) %s; ingest-service, thread-service and stats-streams from "
                + "their jars with -Xmx512m and their default settings (thread-service: 2 consumers, 2,000 records per poll, "
                + "search indexer on; stats-streams: 1 stream thread, exactly_once_v2, commit interval 100 ms, windows 1h/1d); "
                + "everything and the load generator on 127.0.0.1 of this machine", run.kafkaFeatures(), run.postgresSettings());
        line("- settings from the environment (the services inherit it, over the defaults above): %s", threadlineEnvironment());
        run.notes().forEach(n -> line("- note: %s", n));
        line("- files: `lag.csv` (every lag sample), `latency.csv` (every probe), `cpu.csv` (CPU and RSS per component and "
                + "second), `gc/*.gc.log`, %sanchor outputs `*.txt`; the stack's logs in `%s`",
                s.jfr() ? "`jfr/*.jfr` (a JFR recording of every JVM), " : "", run.stackDir());
        line("");
        Definitions.write(md);
    }

    /** The THREADLINE_* variables of this JVM's environment, secrets left out; "none" if there are none. */
    private static String threadlineEnvironment() {
        String settings = System.getenv().entrySet().stream()
                .filter(e -> e.getKey().startsWith("THREADLINE_"))
                .filter(e -> !e.getKey().contains("SECRET") && !e.getKey().contains("PASSWORD"))
                .map(e -> "`" + e.getKey() + "=" + e.getValue() + "`").sorted().collect(java.util.stream.Collectors.joining(", "));
        return settings.isEmpty() ? "none" : settings;
    }

    private static String deadLetters(dev.threadline.e2e.chaos.DeadLetterAudit.Findings findings) {
        return findings == null ? "not read" : findings.total() + " records (" + findings.acknowledgedEvents()
                + " acknowledged events" + (findings.reasons().isEmpty() ? "" : ", " + findings.reasons()) + ")";
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    private static String seen(StepFigures.Latency l) {
        return l.seen() + " of " + l.probes() + " probes seen";
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    static String ms(double millis) {
        return millis < 0 ? "–" : String.format(Locale.ROOT, "%.0f ms", millis);
    }

    static String mb(double megabytes) {
        return megabytes < 0 ? "–" : String.format(Locale.ROOT, "%.0f MB", megabytes);
    }

    private void line(String format, Object... args) {
        md.append(args.length == 0 ? format : String.format(Locale.ROOT, format, args)).append('\n');
    }
}
