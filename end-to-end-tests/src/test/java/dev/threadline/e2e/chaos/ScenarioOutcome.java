package dev.threadline.e2e.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one scenario did and what the checks found, as the report shows it and its JSON holds it. The invariants are
 * the {@link #violations()}: an empty list means the scenario passed.
 *
 * @param acknowledged          commands ingest acknowledged (202 items)
 * @param acknowledgedMessages  messages among them
 * @param unacknowledged        commands not acknowledged (non-2xx, connection error, rejected item)
 * @param stored                acknowledged messages found in PostgreSQL (a duplicate counts twice)
 * @param lost                  acknowledged messages not in PostgreSQL
 * @param lostStarts            acknowledged conversation starts not applied
 * @param unackedButStored      unacknowledged messages stored anyway, by reason ({@code http-503}, {@code connection}, ...)
 * @param faulted               whether a fault was injected
 * @param recoverySeconds       from the fault until ingest acknowledged again and both lags were back; null: no fault or
 *                              not recovered within the run
 * @param lagTimeline           every lag sample: seconds since the load began, thread-service lag, stats-streams lag
 *                              (-1: could not be measured)
 * @param catchUpSeconds        from the end of the load until every acknowledged message was stored (or the wait ended)
 * @param lagUnderTwoSeconds    from the end of the fault's last action until both consumers were less than 2 s behind
 *                              in time; null: no fault or not within the run
 * @param maxThreadAgeMillis    the largest time lag of thread-service seen (how old its oldest unapplied record was)
 * @param maxStatsAgeMillis     the same for stats-streams
 * @param ackAgainSeconds       from the end of the fault's last action until ingest's next 202; null: no fault, or it
 *                              ended after the load
 * @param longestStallSeconds   the longest time thread-service had records waiting and committed none
 *                              ({@link Recovery#longestWithoutProgress})
 */
record ScenarioOutcome(String name, String description, int rate, double loadSeconds, List<String> faultActions,
                       Map<String, Long> answers, long acknowledged, long acknowledgedMessages, long unacknowledged,
                       long stored, long lost, long duplicated, long lostStarts, Map<String, Long> unackedButStored,
                       long counterDrift, long participantDrift, long readHorizonViolations,
                       DeadLetterAudit.Findings threadDeadLetters, DeadLetterAudit.Findings statsDeadLetters,
                       StatsAudit.Findings stats, boolean faulted, Double recoverySeconds, double catchUpSeconds,
                       Double lagUnderTwoSeconds, long maxThreadAgeMillis, long maxStatsAgeMillis, long maxThreadLag, long maxStatsLag, List<double[]> lagTimeline, Double ackAgainSeconds,
                       double longestStallSeconds, List<String> errors) {

    /** The invariants this scenario broke, in words; empty if it passed. */
    List<String> violations() {
        List<String> violations = new ArrayList<>(errors);
        check(violations, lost, "acknowledged messages lost");
        check(violations, duplicated, "acknowledged messages stored more than once");
        check(violations, lostStarts, "acknowledged conversation starts not applied");
        // Only a 503 of outcome unknown may be followed by its commit; any other 503 promised nothing was published.
        check(violations, unackedButStored.getOrDefault("http-503", 0L), "messages answered 503 (nothing published) but stored");
        check(violations, counterDrift, "conversations whose counters or last_message_at differ from a recount");
        check(violations, participantDrift, "participants whose last_message_at or read horizon differ from the conversation");
        check(violations, readHorizonViolations, "acknowledged reads not reflected in the read horizon");
        check(violations, threadDeadLetters == null ? 0 : threadDeadLetters.acknowledgedEvents(),
                "acknowledged events dead-lettered by thread-service");
        check(violations, statsDeadLetters == null ? 0 : statsDeadLetters.acknowledgedEvents(),
                "acknowledged events dead-lettered by stats-streams");
        check(violations, stats == null ? 0 : stats.mismatched(), "conversations whose stats-streams metrics differ from the reference");
        if (acknowledged == 0) {
            violations.add("nothing was acknowledged: the load did not reach ingest");
        }
        return violations;
    }

    boolean passed() {
        return violations().isEmpty();
    }

    private static void check(List<String> violations, long count, String what) {
        if (count != 0) {
            violations.add(count + " " + what);
        }
    }
}
