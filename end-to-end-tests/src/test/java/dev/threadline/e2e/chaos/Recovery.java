package dev.threadline.e2e.chaos;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * How long the pipeline took to recover from a fault: from the fault's first action until, after its last action
 * (the restart), ingest acknowledged again (if the load was still running) and both consumers' lag was back within
 * the larger of its pre-fault maximum and one second of load. Null when there was no fault or the pipeline did not get there within the run.
 */
final class Recovery {

    private Recovery() {
    }

    static Double seconds(FaultLog faults, Ledger ledger, List<LagSampler.Sample> samples, int rate, long loadEndNanos) {
        if (!faults.injected()) {
            return null;
        }
        long first = faults.firstNanos();
        long last = faults.lastNanos();
        // A restart that ends after the load has no acknowledgement after it to wait for; then the lag alone tells.
        long ackAgain = last >= loadEndNanos ? last : ledger.acked().stream().mapToLong(Ledger.Acked::ackedAtNanos)
                .filter(t -> t > last).min().orElse(Long.MAX_VALUE);
        long threadLimit = Math.max(rate, samples.stream().filter(s -> s.atNanos() < first)
                .mapToLong(LagSampler.Sample::threadLag).max().orElse(0));
        long statsLimit = Math.max(rate, samples.stream().filter(s -> s.atNanos() < first)
                .mapToLong(LagSampler.Sample::statsLag).max().orElse(0));
        long lagBack = samples.stream()
                .filter(s -> s.atNanos() > last && s.threadLag() >= 0 && s.statsLag() >= 0
                        && s.threadLag() <= threadLimit && s.statsLag() <= statsLimit)
                .mapToLong(LagSampler.Sample::atNanos).min().orElse(Long.MAX_VALUE);
        long recovered = Math.max(ackAgain, lagBack);
        return recovered == Long.MAX_VALUE ? null : (recovered - first) / 1e9;
    }

    /**
     * Seconds from the end of the fault's last action (the restart came back, the outage ended) until both consumers
     * were less than {@code limit} behind in time: thread-service and stats-streams each had applied every record
     * produced more than {@code limit} ago. Null when there was no fault or it did not happen within the samples.
     */
    static Double secondsUntilLagUnder(FaultLog faults, List<LagSampler.Sample> samples, Duration limit) {
        if (!faults.injected()) {
            return null;
        }
        long last = faults.lastNanos();
        OptionalLong under = samples.stream()
                .filter(s -> s.atNanos() > last && within(s.threadAgeMillis(), limit) && within(s.statsAgeMillis(), limit))
                .mapToLong(LagSampler.Sample::atNanos).min();
        return under.isPresent() ? (under.getAsLong() - last) / 1e9 : null;
    }

    /**
     * Seconds from the end of the fault's last action (the broker or service answered again) until ingest's next
     * {@code 202}. Null when there was no fault, the action ended after the load, or nothing was acknowledged after it.
     */
    static Double secondsUntilAcknowledged(FaultLog faults, Ledger ledger, long loadEndNanos) {
        if (!faults.injected() || faults.lastNanos() >= loadEndNanos) {
            return null;
        }
        long last = faults.lastNanos();
        OptionalLong next = ledger.acked().stream().mapToLong(Ledger.Acked::ackedAtNanos).filter(t -> t > last).min();
        return next.isPresent() ? (next.getAsLong() - last) / 1e9 : null;
    }

    /**
     * The longest time, in seconds, thread-service had records to apply and committed none: from the first sample after
     * its last progress that found work waiting (more than {@code markers} offsets behind, which transaction markers
     * alone may account for, or its stored offsets unreadable) until the first sample whose stored offsets were larger.
     * A stall still open at the last sample counts until then. 0 when it never stalled between two samples.
     */
    static double longestWithoutProgress(List<LagSampler.Sample> samples, long markers) {
        long longest = 0;
        long stalledSince = Long.MIN_VALUE;
        long stored = Long.MIN_VALUE;
        long lastAt = Long.MIN_VALUE;
        for (LagSampler.Sample sample : samples) {
            lastAt = sample.atNanos();
            if (sample.threadStored() >= 0 && sample.threadStored() > stored) {
                if (stalledSince != Long.MIN_VALUE && stored != Long.MIN_VALUE) {
                    longest = Math.max(longest, sample.atNanos() - stalledSince);
                }
                stalledSince = Long.MIN_VALUE;
                stored = sample.threadStored();
            } else if (stalledSince == Long.MIN_VALUE && (sample.threadLag() < 0 || sample.threadLag() > markers)) {
                stalledSince = sample.atNanos();
            }
        }
        if (stalledSince != Long.MIN_VALUE) {
            longest = Math.max(longest, lastAt - stalledSince);
        }
        return longest / 1e9;
    }

    private static boolean within(long ageMillis, Duration limit) {
        return ageMillis >= 0 && ageMillis < limit.toMillis();
    }
}
