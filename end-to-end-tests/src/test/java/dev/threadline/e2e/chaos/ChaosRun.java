package dev.threadline.e2e.chaos;

import dev.threadline.e2e.stats.TopicTail;
import dev.threadline.schemas.topics.Topics;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scenario on a stack: the load, the fault in the middle of it, a bounded wait for the consumers to catch
 * up once the load stopped, then every check against the ledger. Whatever fails on the way (a restart that does not
 * come up, a database that cannot be read) is recorded in the outcome instead of ending the suite.
 */
final class ChaosRun {

    private static final Logger LOG = LoggerFactory.getLogger(ChaosRun.class);
    private static final Duration STATS_SETTLE = Duration.ofSeconds(30);
    private static final Duration RECOVERY_WAIT = Duration.ofSeconds(30);
    /** The bound: after a fault, both consumers back under this time lag (within 30 s at 5k messages/s). */
    static final Duration LAG_BOUND = Duration.ofSeconds(2);

    private ChaosRun() {
    }

    /**
     * Offers {@code faultRate} for {@code warmup} on a fresh stack, then waits until every acknowledged message is
     * stored and stats-streams has caught up: the scenarios then meet their faults with the services compiled and their
     * pools and caches filled, as a fault meets them in production. Nothing of it is measured or audited.
     */
    static void warmUp(ChaosStack stack, ChaosSettings settings) {
        if (settings.warmup().isZero()) {
            return;
        }
        LOG.info("Warming the stack up: {} commands/s for {} s", settings.faultRate(), settings.warmup().toSeconds());
        Ledger ledger = new Ledger();
        try (LagSampler sampler = LagSampler.withAges(stack);
             LoadGenerator load = new LoadGenerator(stack::ingestUri, ledger)) {
            load.start(settings.faultRate(), settings.warmup(), settings.workers(), settings.batchSize(), 17L);
            load.awaitEnd();
            double seconds = awaitCatchUp(stack, ledger, sampler, settings.catchUp(), System.nanoTime());
            LOG.info("Warm-up done: {} commands acknowledged, consumers caught up {} s after the load", ledger.acked().size(),
                    Math.round(seconds));
        }
    }

    static ScenarioOutcome run(ChaosStack stack, ChaosSettings settings, Scenario scenario) {
        LOG.info("Chaos scenario {} at {} commands/s: {}", scenario.name(), scenario.rate(), scenario.description());
        List<String> restored = stack.restoreBrokenServices();
        String bootstrap = stack.bootstrapServers();
        Map<TopicPartition, Long> eventsFrom = TopicTail.endOffsets(bootstrap, Topics.CONVERSATION_EVENTS);
        Map<TopicPartition, Long> threadDlqFrom = TopicTail.endOffsets(bootstrap, Topics.THREAD_SERVICE_DLQ);
        Map<TopicPartition, Long> statsDlqFrom = TopicTail.endOffsets(bootstrap, Topics.STATS_STREAMS_DLQ);
        Ledger ledger = new Ledger();
        List<String> errors = new ArrayList<>();
        long loadStart = System.nanoTime();
        FaultLog faults = new FaultLog(loadStart);
        restored.forEach(what -> faults.note("before the load: " + what));
        try (LagSampler sampler = LagSampler.withAges(stack);
             LoadGenerator load = new LoadGenerator(stack::ingestUri, ledger)) {
            load.start(scenario.rate(), settings.load(), settings.workers(), settings.batchSize(), scenario.name().hashCode());
            if (scenario.fault() != null) {
                LockSupport.parkNanos(settings.faultAfter().toNanos());
                try {
                    scenario.fault().inject(stack, faults);
                } catch (Exception | AssertionError e) {
                    LOG.error("The fault of {} failed", scenario.name(), e);
                    errors.add("fault or restart failed: " + e);
                }
            }
            load.awaitEnd();
            // The load ends on schedule; the fault (a long restart) may end later, and catching up starts after both.
            long loadEnd = Math.min(System.nanoTime(), loadStart + settings.load().toNanos());
            double catchUp = awaitCatchUp(stack, ledger, sampler, settings.catchUp(), System.nanoTime());
            ReadModelAudit.Findings model = auditReadModel(stack, ledger, errors);
            Set<String> ackedEvents = new HashSet<>();
            ledger.acked().forEach(ack -> ackedEvents.addAll(ack.eventIds()));
            var threadDead = DeadLetterAudit.audit(bootstrap, Topics.THREAD_SERVICE_DLQ, threadDlqFrom, ackedEvents);
            var statsDead = DeadLetterAudit.audit(bootstrap, Topics.STATS_STREAMS_DLQ, statsDlqFrom, ackedEvents);
            var times = AcknowledgedEvents.stampedTimes(bootstrap, eventsFrom, ackedEvents);
            Set<String> ambiguous = new HashSet<>();
            ledger.unacked().forEach(u -> ambiguous.add(u.command().conversationId()));
            var stats = StatsAudit.audit(stack.statsUri(), AcknowledgedEvents.of(ledger.acked(), times, Instant.now()),
                    ambiguous, settings.statsSample(), STATS_SETTLE);
            var samples = awaitRecovery(faults, ledger, sampler, scenario.rate(), loadEnd);
            long ackedMessages = ledger.acked().stream().filter(a -> a.command().messageId() != null).count();
            return new ScenarioOutcome(scenario.name(), scenario.description(), scenario.rate(), (loadEnd - loadStart) / 1e9,
                    faults.actions(), ledger.answers(), ledger.acked().size(), ackedMessages, ledger.unacked().size(),
                    model.storedMessages(), model.lostMessages(), model.duplicatedMessages(), model.lostStarts(),
                    model.unackedButStored(), model.counterDrift(), model.participantDrift(), model.readHorizonViolations(),
                    threadDead, statsDead, stats, faults.injected(),
                    Recovery.seconds(faults, ledger, samples, scenario.rate(), loadEnd), catchUp,
                    Recovery.secondsUntilLagUnder(faults, samples, LAG_BOUND),
                    samples.stream().mapToLong(LagSampler.Sample::threadAgeMillis).max().orElse(-1),
                    samples.stream().mapToLong(LagSampler.Sample::statsAgeMillis).max().orElse(-1),
                    samples.stream().mapToLong(LagSampler.Sample::threadLag).max().orElse(-1),
                    samples.stream().mapToLong(LagSampler.Sample::statsLag).max().orElse(-1),
                    samples.stream().map(s -> new double[] {Math.round((s.atNanos() - loadStart) / 1e8) / 10.0,
                            s.threadLag(), s.statsLag()}).toList(),
                    Recovery.secondsUntilAcknowledged(faults, ledger, loadEnd),
                    Recovery.longestWithoutProgress(samples, 2L * Topics.CONVERSATION_EVENTS.partitions()), errors);
        }
    }

    /**
     * The lag samples, taken until the pipeline recovered from the fault and its lag was under {@link #LAG_BOUND}, or
     * {@link #RECOVERY_WAIT} more passed.
     */
    private static List<LagSampler.Sample> awaitRecovery(FaultLog faults, Ledger ledger, LagSampler sampler, int rate,
                                                         long loadEnd) {
        long deadline = System.nanoTime() + RECOVERY_WAIT.toNanos();
        while (faults.injected() && System.nanoTime() < deadline
                && (Recovery.seconds(faults, ledger, sampler.samples(), rate, loadEnd) == null
                    || Recovery.secondsUntilLagUnder(faults, sampler.samples(), LAG_BOUND) == null)) {
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
        return sampler.samples();
    }

    /** Until every acknowledged message is stored and stats-streams has read what is on the topic, or the timeout. */
    private static double awaitCatchUp(ChaosStack stack, Ledger ledger, LagSampler sampler, Duration timeout, long from) {
        List<ReadModelAudit.MessageRef> messages = ledger.acked().stream().filter(a -> a.command().messageId() != null)
                .map(a -> new ReadModelAudit.MessageRef(a.command().conversationId(), a.command().messageId())).toList();
        ReadModelAudit audit = new ReadModelAudit(stack.jdbcUrl());
        long deadline = from + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (audit.stored(messages) >= messages.size()
                        && sampler.statsCaughtUp(Topics.CONVERSATION_EVENTS.partitions())) {
                    break;
                }
            } catch (SQLException e) {
                LOG.debug("PostgreSQL not readable yet: {}", e.getMessage());
            }
            LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
        }
        return (System.nanoTime() - from) / 1e9;
    }

    private static ReadModelAudit.Findings auditReadModel(ChaosStack stack, Ledger ledger, List<String> errors) {
        try {
            return new ReadModelAudit(stack.jdbcUrl()).audit(ledger);
        } catch (SQLException e) {
            errors.add("PostgreSQL could not be audited: " + e.getMessage());
            return new ReadModelAudit.Findings(0, 0, 0, 0, 0, 0, 0, Map.of());
        }
    }
}
