package dev.threadline.e2e.pipeline;

import dev.threadline.e2e.chaos.AcknowledgedEvents;
import dev.threadline.e2e.chaos.ChaosCommand;
import dev.threadline.e2e.chaos.ChaosStack;
import dev.threadline.e2e.chaos.DeadLetterAudit;
import dev.threadline.e2e.chaos.Ledger;
import dev.threadline.e2e.chaos.ReadModelAudit;
import dev.threadline.e2e.chaos.StatsAudit;
import dev.threadline.e2e.stats.TopicTail;
import dev.threadline.schemas.topics.Topic;
import dev.threadline.schemas.topics.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's correctness, checked once every consumer caught up, against what ingest acknowledged (the load's and the
 * probes' ledgers), with the chaos suite's audits: every acknowledged message stored exactly once, counters,
 * {@code last_seq}, {@code last_message_at} and read horizons equal to a recount from the messages table
 * ({@link ReadModelAudit}); stats-streams' metrics of a sample of conversations equal to an independent computation
 * from the acknowledged commands ({@link StatsAudit}); no acknowledged event dead-lettered.
 *
 * @param stored  what the messages table holds in all: rows, conversations, average content bytes (the COPY anchor's shape)
 */
record Correctness(ReadModelAudit.Findings readModel, StatsAudit.Findings stats, DeadLetterAudit.Findings threadDeadLetters,
                   DeadLetterAudit.Findings statsDeadLetters, long ackedMessages, long ackedEvents, Stored stored,
                   double seconds, List<String> errors) {

    record Stored(long messages, long conversations, double averageContentBytes) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Correctness.class);

    List<String> violations() {
        List<String> violations = new ArrayList<>(errors);
        if (readModel != null) {
            count(violations, readModel.lostMessages(), "acknowledged messages lost");
            count(violations, readModel.duplicatedMessages(), "acknowledged messages stored more than once");
            count(violations, readModel.lostStarts(), "acknowledged conversation starts not applied");
            count(violations, readModel.counterDrift(), "conversations whose counters differ from a recount");
            count(violations, readModel.participantDrift(), "participants that differ from their conversation");
            count(violations, readModel.readHorizonViolations(), "acknowledged reads not in the read horizon");
            count(violations, readModel.unackedButStored().getOrDefault("http-503", 0L),
                    "messages answered 503 (nothing published) but stored");
        }
        if (stats != null) {
            count(violations, stats.mismatched(), "conversations whose stats differ from the independent computation");
        }
        for (DeadLetterAudit.Findings dead : new DeadLetterAudit.Findings[] {threadDeadLetters, statsDeadLetters}) {
            if (dead != null) {
                count(violations, dead.acknowledgedEvents(), "acknowledged events dead-lettered");
            }
        }
        return violations;
    }

    boolean passed() {
        return violations().isEmpty();
    }

    private static void count(List<String> violations, long n, String what) {
        if (n != 0) {
            violations.add(n + " " + what);
        }
    }

    static Correctness audit(ChaosStack stack, Ledger load, Ledger probes, List<StepResult> steps, PipelineSettings settings) {
        long started = System.nanoTime();
        List<String> errors = new ArrayList<>();
        List<Ledger.Acked> acked = new ArrayList<>(load.acked());
        acked.addAll(probes.acked());
        List<Ledger.Unacked> unacked = new ArrayList<>(load.unacked());
        unacked.addAll(probes.unacked());
        long ackedMessages = acked.stream().filter(a -> a.command().messageId() != null).count();
        long ackedEvents = acked.stream().mapToLong(a -> a.eventIds().size()).sum();
        LOG.info("Pipeline benchmark: auditing {} acknowledged commands", acked.size());
        ReadModelAudit.Findings model = null;
        try {
            model = new ReadModelAudit(stack.jdbcUrl()).audit(acked, unacked);
        } catch (Exception e) {
            errors.add("the read model could not be audited: " + e.getMessage());
        }
        StatsAudit.Findings stats = null;
        try {
            stats = statsAudit(stack, acked, unacked, steps, settings.statsSample());
        } catch (Exception | AssertionError e) {
            errors.add("stats-streams could not be audited: " + e.getMessage());
        }
        return new Correctness(model, stats, deadLetters(stack, Topics.THREAD_SERVICE_DLQ, acked, errors),
                deadLetters(stack, Topics.STATS_STREAMS_DLQ, acked, errors), ackedMessages, ackedEvents,
                stored(stack, errors), (System.nanoTime() - started) / 1e9, errors);
    }

    /**
     * Compares the conversations started first in each step (and the probes' conversations) with the independent
     * computation, which needs only their own acknowledged commands: a conversation's metrics depend on nothing else.
     */
    private static StatsAudit.Findings statsAudit(ChaosStack stack, List<Ledger.Acked> acked, List<Ledger.Unacked> unacked,
                                                  List<StepResult> steps, int sample) {
        Set<String> ambiguous = new HashSet<>();
        unacked.forEach(u -> ambiguous.add(u.command().conversationId()));
        int perStep = Math.max(1, sample / Math.max(1, steps.size()));
        Set<String> chosen = new LinkedHashSet<>();
        for (StepResult step : steps) {
            acked.stream().filter(a -> a.command() instanceof ChaosCommand.Start)
                    .filter(a -> a.ackedAtNanos() >= step.startNanos() && a.ackedAtNanos() <= step.endNanos())
                    .map(a -> a.command().conversationId()).filter(id -> !ambiguous.contains(id))
                    .limit(perStep).forEach(chosen::add);
        }
        acked.stream().filter(a -> a.command() instanceof ChaosCommand.Start s && s.customer().startsWith("probe-"))
                .map(a -> a.command().conversationId()).forEach(chosen::add);
        List<Ledger.Acked> theirs = acked.stream().filter(a -> chosen.contains(a.command().conversationId())).toList();
        Set<String> stampedByIngest = new HashSet<>();
        theirs.stream().filter(a -> !(a.command() instanceof ChaosCommand.Post) && !a.eventIds().isEmpty())
                .forEach(a -> stampedByIngest.add(a.eventIds().getFirst()));
        Map<String, Instant> times = AcknowledgedEvents.stampedTimes(stack.bootstrapServers(), Map.of(), stampedByIngest,
                chosen::contains, Duration.ofMinutes(10));
        return StatsAudit.audit(stack.statsUri(), AcknowledgedEvents.of(theirs, times, Instant.now()), ambiguous,
                chosen.size(), Duration.ofSeconds(60));
    }

    /** What a dead-letter topic holds; the acknowledged event ids are only gathered if it holds anything. */
    private static DeadLetterAudit.Findings deadLetters(ChaosStack stack, Topic<byte[], byte[]> topic, List<Ledger.Acked> acked,
                                                       List<String> errors) {
        try {
            long records = TopicTail.endOffsets(stack.bootstrapServers(), topic).values().stream().mapToLong(Long::longValue).sum();
            if (records == 0) {
                return new DeadLetterAudit.Findings(0, 0, Map.of());
            }
            Set<String> ackedEvents = new HashSet<>();
            acked.forEach(a -> ackedEvents.addAll(a.eventIds()));
            return DeadLetterAudit.audit(stack.bootstrapServers(), topic, Map.of(), ackedEvents);
        } catch (RuntimeException e) {
            errors.add(topic.name() + " could not be read: " + e.getMessage());
            return null;
        }
    }

    private static Stored stored(ChaosStack stack, List<String> errors) {
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), "postgres", "postgres");
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(
                     "SELECT count(*), count(DISTINCT conversation_id), COALESCE(avg(octet_length(content)), 0) FROM messages")) {
            row.next();
            return new Stored(row.getLong(1), row.getLong(2), row.getDouble(3));
        } catch (Exception e) {
            errors.add("the messages table could not be counted: " + e.getMessage());
            return new Stored(0, 0, 0);
        }
    }
}
