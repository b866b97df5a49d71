package dev.threadline.e2e.pipeline;

import dev.threadline.e2e.chaos.LagSampler;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * The figures of one step, from what the samplers saw while its load ran: the rate ingest acknowledged, each
 * consumer's lag, the end-to-end latencies of the probes acknowledged in it, the CPU of each component, the heap of
 * each JVM, and whether the step was sustained.
 *
 * <p><b>Sustained</b>: the load ran its full time, ingest acknowledged at least 95 % of the offered messages per
 * second and answered every batch with 202, and every lag sample of thread-service and of stats-streams taken during
 * the load was under the lag limit (2 s) in time.
 */
record StepFigures(StepResult step, double ackedMessagesPerSecond, double ackedCommandsPerSecond,
                   double ackedEventsPerSecond, Lag thread, Lag stats,
                   Lag search, Latency toReadModel, Latency toMetrics, Map<String, Double> cores, double machineBusyCores,
                   double stealCores, Map<String, Heap> heap, List<String> notSustainedBecause) {

    /** A consumer's lag over the step's samples: offsets (markers included) and seconds ({@code -1}: not measured). */
    record Lag(int samples, long maxRecords, long p99Records, double maxSeconds, double p99Seconds) {
    }

    /** Probe latencies in milliseconds; {@code beforeAck}: visible before the 202 arrived (counted as 0 ms). */
    record Latency(int probes, int seen, int beforeAck, double p50, double p90, double p99, double max) {
    }

    /** A JVM's heap in MiB during the step: peak used after a GC, peak before one, committed; pauses; peak RSS. */
    record Heap(double peakAfterGcMb, double peakBeforeGcMb, double committedMb, int pauses, double pauseMillis,
                double rssPeakMb) {
    }

    static final double ACHIEVED_SHARE = 0.95;

    boolean sustained() {
        return notSustainedBecause.isEmpty();
    }

    static StepFigures of(StepResult step, List<LagSampler.Sample> lagSamples, List<VisibilityProbes.Probe> probes,
                          List<ProcessSampler.Sample> processes, long ticksPerSecond, Map<String, GcLog> gcLogs,
                          PipelineSettings settings) {
        List<LagSampler.Sample> during = during(step, lagSamples);
        Lag thread = lag(during, LagSampler.Sample::threadLag, LagSampler.Sample::threadAgeMillis);
        Lag stats = lag(during, LagSampler.Sample::statsLag, LagSampler.Sample::statsAgeMillis);
        Lag search = lag(during, LagSampler.Sample::searchLag, LagSampler.Sample::searchAgeMillis);
        List<VisibilityProbes.Probe> mine = probes.stream()
                .filter(p -> p.ackedNanos >= step.startNanos() && p.ackedNanos <= step.endNanos()).toList();
        Latency toReadModel = latency(mine, p -> p.threadNanos);
        Latency toMetrics = latency(mine.stream().filter(p -> p.expectedMessages > 0).toList(), p -> p.statsNanos);
        ProcessCpu cpu = ProcessCpu.between(processes, step.startNanos(), step.endNanos(), ticksPerSecond);
        Map<String, Heap> heap = new LinkedHashMap<>();
        gcLogs.forEach((name, log) -> {
            GcLog.Window w = log.window(step.startMillis(), step.endMillis());
            heap.put(name, new Heap(w.peakAfterMb(), w.peakBeforeMb(), w.peakCommittedMb(), w.pauses(), w.pauseMillis(),
                    cpu.rssPeakMb().getOrDefault(name, -1.0)));
        });
        double seconds = step.seconds();
        return new StepFigures(step, step.counts().ackedMessages() / seconds, step.counts().ackedCommands() / seconds,
                step.counts().ackedEvents() / seconds, thread, stats, search, toReadModel, toMetrics, cpu.cores(),
                cpu.machineBusyCores(), cpu.stealCores(), heap, notSustainedBecause(step, lagSamples, settings));
    }

    /** Why the step was not sustained, from its results and the lag samples taken while its load ran; empty if it was. */
    static List<String> notSustainedBecause(StepResult step, List<LagSampler.Sample> lagSamples, PipelineSettings settings) {
        List<LagSampler.Sample> during = during(step, lagSamples);
        Lag thread = lag(during, LagSampler.Sample::threadLag, LagSampler.Sample::threadAgeMillis);
        Lag stats = lag(during, LagSampler.Sample::statsLag, LagSampler.Sample::statsAgeMillis);
        double acked = step.counts().ackedMessages() / step.seconds();
        List<String> why = new ArrayList<>();
        if (step.stoppedEarly() != null) {
            why.add("stopped early: " + step.stoppedEarly());
        }
        if (acked < ACHIEVED_SHARE * step.offeredMessages()) {
            why.add(String.format("ingest acknowledged %.0f of %d messages/s", acked, step.offeredMessages()));
        }
        if (step.failedBatches() > 0 || step.counts().unackedCommands() > 0) {
            why.add(step.failedBatches() + " batches not answered 202, " + step.counts().unackedCommands()
                    + " commands not acknowledged");
        }
        double limit = settings.lagLimit().toMillis() / 1e3;
        for (var consumer : Map.of("thread-service", thread, "stats-streams", stats).entrySet()) {
            Lag lag = consumer.getValue();
            if (lag.maxSeconds() < 0) {
                why.add(consumer.getKey() + " lag in seconds not measured");
            } else if (lag.maxSeconds() >= limit) {
                why.add(String.format("%s lag reached %.2f s", consumer.getKey(), lag.maxSeconds()));
            }
        }
        return why;
    }

    private static List<LagSampler.Sample> during(StepResult step, List<LagSampler.Sample> samples) {
        return samples.stream().filter(s -> s.atNanos() >= step.startNanos() && s.atNanos() <= step.endNanos()).toList();
    }

    private static Lag lag(List<LagSampler.Sample> samples, ToLongFunction<LagSampler.Sample> records,
                           ToLongFunction<LagSampler.Sample> ageMillis) {
        long[] r = samples.stream().mapToLong(records).filter(v -> v >= 0).sorted().toArray();
        long[] a = samples.stream().mapToLong(ageMillis).filter(v -> v >= 0).sorted().toArray();
        return new Lag(samples.size(), r.length == 0 ? -1 : r[r.length - 1], r.length == 0 ? -1 : r[rank(r.length, 0.99)],
                a.length == 0 ? -1 : a[a.length - 1] / 1e3, a.length == 0 ? -1 : a[rank(a.length, 0.99)] / 1e3);
    }

    private static Latency latency(List<VisibilityProbes.Probe> probes, ToLongFunction<VisibilityProbes.Probe> seenNanos) {
        List<Double> millis = new ArrayList<>();
        int beforeAck = 0;
        for (VisibilityProbes.Probe p : probes) {
            long seen = seenNanos.applyAsLong(p);
            if (seen >= 0) {
                double ms = (seen - p.ackedNanos) / 1e6;
                beforeAck += ms < 0 ? 1 : 0;
                millis.add(Math.max(0, ms));
            }
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Latency(probes.size(), sorted.length, beforeAck, percentile(sorted, 0.50), percentile(sorted, 0.90),
                percentile(sorted, 0.99), sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
    }

    /** Nearest rank: the smallest value with at least {@code q} of the values at or below it. */
    static double percentile(double[] sorted, double q) {
        return sorted.length == 0 ? -1 : sorted[rank(sorted.length, q)];
    }

    private static int rank(int n, double q) {
        return Math.max(0, Math.min(n - 1, (int) Math.ceil(q * n) - 1));
    }
}
