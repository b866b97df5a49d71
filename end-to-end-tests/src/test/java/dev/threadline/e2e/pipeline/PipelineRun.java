package dev.threadline.e2e.pipeline;

import dev.threadline.e2e.chaos.ChaosStack;
import dev.threadline.e2e.chaos.LagSampler;
import dev.threadline.e2e.chaos.Ledger;
import dev.threadline.e2e.chaos.LoadGenerator;
import dev.threadline.e2e.chaos.StackTuning;
import dev.threadline.localstack.KafkaBrokerProcess;
import dev.threadline.localstack.ServiceProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the pipeline benchmark: the whole stack as deployed on loopback, a warm-up, then each offered rate for
 * its time while the samplers watch, a drain after each step, the correctness audit and the anchors. Bounded: a
 * step whose lag passes the abort limit stops at once, a pipeline that does not catch up ends the steps, and steps
 * that would not fit into the time limit are skipped. The stack is stopped at the end whatever happened.
 */
final class PipelineRun {

    static final String LOAD_GENERATOR = "load generator";
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
    /** Kept free at the end of the time limit for the audit and the anchors. */
    private static final Duration RESERVE = Duration.ofMinutes(8);

    /** Everything the report needs. */
    record Result(PipelineSettings settings, Instant startedAt, long startNanos, String loadAtStart, List<StepResult> steps,
                  List<String> notes, List<LagSampler.Sample> lags, List<ProcessSampler.Sample> processes,
                  long ticksPerSecond, List<VisibilityProbes.Probe> probes, Map<String, GcLog> gcLogs,
                  Map<String, String> postgresSettings, String kafkaFeatures, Correctness correctness, Anchors anchors,
                  Path stackDir) {
    }

    private final PipelineSettings settings;
    private final long startNanos = System.nanoTime();
    private final long deadline;
    private final List<StepResult> steps = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private ChaosStack stack;
    private LagSampler lags;
    private final Ledger ledger = new Ledger();

    private PipelineRun(PipelineSettings settings) {
        this.settings = settings;
        this.deadline = startNanos + settings.timeLimit().toNanos();
    }

    static Result run(PipelineSettings settings) {
        return new PipelineRun(settings).run();
    }

    private Result run() {
        Instant startedAt = Instant.now();
        String loadAtStart = MachineInfo.loadAverage();
        StackTuning tuning = new StackTuning(KafkaBrokerProcess.SERVER_START_JVM_OPTIONS, settings.out().resolve("gc"), true,
                settings.jfr() ? settings.out().resolve("jfr") : null);
        Path stackDir = ServiceProcess.locateRepoRoot().resolve("end-to-end-tests/target/pipeline/stack");
        LOG.info("Pipeline benchmark: starting the stack in {}", stackDir);
        try (ChaosStack started = ChaosStack.start(stackDir, 1, tuning)) {
            stack = started;
            Map<String, Long> pids = new LinkedHashMap<>(stack.pids());
            pids.put(LOAD_GENERATOR, ProcessHandle.current().pid());
            Ledger probeLedger = new Ledger();
            Samples samples = measure(pids, probeLedger);
            Correctness correctness = Correctness.audit(stack, ledger, probeLedger, steps, settings);
            Anchors anchors = settings.anchors() && System.nanoTime() < deadline
                    ? Anchors.run(stack, settings, correctness) : Anchors.skipped(settings.anchors()
                    ? "the time limit was reached" : "not asked for (--no-anchors)");
            Map<String, GcLog> gc = new LinkedHashMap<>();
            pids.keySet().stream().filter(name -> !name.equals(ProcessSampler.POSTGRES) && !name.equals(LOAD_GENERATOR))
                    .forEach(name -> gc.put(name, GcLog.read(tuning.gcLog(name))));
            return new Result(settings, startedAt, startNanos, loadAtStart, List.copyOf(steps), List.copyOf(notes),
                    samples.lags(), samples.processes(), samples.ticksPerSecond(), samples.probes(), gc,
                    MachineInfo.postgresSettings(stack.jdbcUrl()), MachineInfo.kafkaFeatures(stack.bootstrapServers()),
                    correctness, anchors, stackDir);
        }
    }

    /** What the samplers and probes saw from before the warm-up until the consumers caught up after the last step. */
    private record Samples(List<LagSampler.Sample> lags, List<ProcessSampler.Sample> processes, long ticksPerSecond,
                           List<VisibilityProbes.Probe> probes) {
    }

    private Samples measure(Map<String, Long> pids, Ledger probeLedger) {
        try (ProcessSampler processes = new ProcessSampler(pids);
             LagSampler sampler = LagSampler.withAges(stack);
             VisibilityProbes probes = new VisibilityProbes(stack, probeLedger, settings.probesPerSecond()).start()) {
            lags = sampler;
            runSteps();
            probes.stopSending();
            probes.awaitResolved(Duration.ofSeconds(30));
            if (drain("the end of the run").seconds() == null) {
                notes.add("The consumers had not caught up " + settings.drain().toSeconds() + " s after the last step: "
                        + "the audit below counts what they had not applied yet as lost.");
            }
            return new Samples(sampler.samples(), processes.samples(), processes.ticksPerSecond(), probes.probes());
        }
    }

    private void runSteps() {
        List<Integer> rates = settings.rates();
        if (!settings.warmup().isZero()) {
            StepResult warmup = step("warm-up", rates.getFirst(), settings.warmup(), 0);
            steps.add(warmup);
            if (warmup.drainSeconds() == null) {
                notes.add("The pipeline did not catch up after the warm-up; no step was run.");
                return;
            }
        }
        for (int i = 0; i < rates.size(); i++) {
            int rate = rates.get(i);
            long needed = settings.step().plus(settings.drain()).plus(RESERVE).toNanos();
            if (System.nanoTime() + needed > deadline) {
                notes.add("Steps from " + rate + " messages/s on skipped: they would not fit into the time limit of "
                        + settings.timeLimit().toMinutes() + " min.");
                return;
            }
            StepResult step = step("step " + (i + 1), rate, settings.step(), i + 1);
            steps.add(step);
            if (step.drainSeconds() == null) {
                notes.add("After " + rate + " messages/s the consumers did not catch up within " + settings.drain().toSeconds()
                        + " s; higher rates were not run.");
                return;
            }
            boolean sustained = StepFigures.notSustainedBecause(step, lags.samples(), settings).isEmpty();
            if (!sustained && !settings.allSteps() && i + 1 < rates.size()) {
                notes.add(rate + " messages/s was not sustained; higher rates were not run (--all-steps runs them).");
                return;
            }
        }
    }

    private StepResult step(String name, int rate, Duration duration, int seed) {
        int commands = PipelineSettings.commandsPerSecond(rate);
        int workers = settings.workersFor(rate);
        LOG.info("Pipeline benchmark: {} offers {} messages/s ({} commands/s, {} senders) for {} s", name, rate, commands,
                workers, duration.toSeconds());
        Ledger.Counts before = ledger.counts();
        Map<String, Long> answersBefore = ledger.answers();
        long start = System.nanoTime();
        long startMillis = System.currentTimeMillis();
        String stoppedEarly = null;
        try (LoadGenerator load = new LoadGenerator(stack::ingestUri, ledger)
                .start(commands, duration, workers, settings.batchSize(), 7919L * (seed + 1))) {
            while (!load.finished() && stoppedEarly == null) {
                LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
                stoppedEarly = tooFarBehind(start);
                if (stoppedEarly == null && System.nanoTime() > deadline) {
                    stoppedEarly = "the time limit was reached";
                }
            }
            if (stoppedEarly != null) {
                LOG.warn("Pipeline benchmark: {} stopped early: {}", name, stoppedEarly);
                load.stop();
            }
            load.awaitEnd();
        }
        long end = System.nanoTime();
        long endMillis = System.currentTimeMillis();
        Ledger.Counts counts = ledger.counts().since(before);
        Map<String, Long> answers = StepResult.difference(ledger.answers(), answersBefore);
        Drain drained = drain(name);
        return new StepResult(name, rate, commands, workers, start, end, startMillis, endMillis, counts, answers, stoppedEarly,
                drained.seconds(), drained.searchToo());
    }

    /** Why the step must stop now (a consumer's lag passed the abort limit), or null. */
    private String tooFarBehind(long stepStart) {
        LagSampler.Sample newest = lags.newest();
        if (newest == null || newest.atNanos() < stepStart) {
            return null;
        }
        long limit = settings.abortLag().toMillis();
        long behind = Math.max(newest.threadAgeMillis(), newest.statsAgeMillis());
        if (behind > limit) {
            return String.format("lag %.1f s (thread-service %.1f s, stats-streams %.1f s) passed %d s at t+%.0f s",
                    behind / 1e3, newest.threadAgeMillis() / 1e3, newest.statsAgeMillis() / 1e3, limit / 1000,
                    (newest.atNanos() - stepStart) / 1e9);
        }
        return null;
    }

    /** How long thread-service and stats-streams took to catch up (null: not within the drain time), and whether search did. */
    private record Drain(Double seconds, boolean searchToo) {
    }

    /**
     * Waits until thread-service and stats-streams have caught up (their lag in time is under half the lag limit: the
     * probes go on, so a record or two is always on its way), then a little longer for the search indexer.
     */
    private Drain drain(String after) {
        long caughtUp = settings.lagLimit().toMillis() / 2;
        long from = System.nanoTime();
        // Past the time limit only by half the reserve: the audit must still fit before the fork is killed.
        long until = Math.min(from + settings.drain().toNanos(), deadline + RESERVE.toNanos() / 2);
        Double consumers = null;
        while (System.nanoTime() < until) {
            LagSampler.Sample s = lags.newest();
            if (s != null && s.atNanos() > from) {
                if (consumers == null && within(s.threadAgeMillis(), caughtUp) && within(s.statsAgeMillis(), caughtUp)) {
                    consumers = (s.atNanos() - from) / 1e9;
                }
                if (consumers != null && within(s.searchAgeMillis(), caughtUp)) {
                    return new Drain(consumers, true);
                }
                if (consumers != null && System.nanoTime() - from > consumers * 1e9 + 30e9) {
                    notes.add("After " + after + " the search indexer had not caught up 30 s after the read model.");
                    return new Drain(consumers, false);
                }
            }
            LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
        }
        return new Drain(consumers, false);
    }

    private static boolean within(long ageMillis, long limit) {
        return ageMillis >= 0 && ageMillis < limit;
    }
}
