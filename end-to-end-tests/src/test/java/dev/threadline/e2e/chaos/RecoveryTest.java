package dev.threadline.e2e.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.threadline.events.ConversationStatus;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class RecoveryTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MARKERS = 24;

    @Test
    void stallLastsFromTheFirstSampleWithWorkWaitingUntilTheStoredOffsetsGrow() {
        List<LagSampler.Sample> samples = List.of(
                sample(0, 100, 1_000),
                sample(1, 100, 1_100),
                // database away: nothing readable for three samples
                sample(2, -1, -1),
                sample(3, -1, -1),
                sample(4, 5_000, 1_100),
                sample(5, 5_000, 1_100),
                sample(6, 3_000, 4_000),
                sample(7, 10, 9_000));

        assertThat(Recovery.longestWithoutProgress(samples, MARKERS)).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void aConsumerWithNothingButMarkersLeftIsNotStalled() {
        List<LagSampler.Sample> samples = List.of(
                sample(0, 12, 1_000),
                sample(1, 12, 1_000),
                sample(2, 24, 1_000),
                sample(3, 12, 1_000));

        assertThat(Recovery.longestWithoutProgress(samples, MARKERS)).isZero();
    }

    @Test
    void aStallStillOpenAtTheLastSampleCountsUntilThen() {
        List<LagSampler.Sample> samples = List.of(
                sample(0, 100, 1_000),
                sample(1, 500, 1_100),
                sample(2, 900, 1_100),
                sample(9, 4_000, 1_100));

        assertThat(Recovery.longestWithoutProgress(samples, MARKERS)).isCloseTo(7.0, within(1e-9));
    }

    @Test
    void acknowledgedAgainCountsFromTheEndOfTheFaultsLastActionToTheNextAcknowledgement() {
        FaultLog faults = new FaultLog(System.nanoTime());
        Ledger ledger = new Ledger();
        ledger.acked(status("before"), List.of("e1"));
        faults.act("restart", () -> LockSupport.parkNanos(SECOND / 100));
        long restarted = System.nanoTime();
        LockSupport.parkNanos(SECOND / 20);
        ledger.acked(status("after"), List.of("e2"));
        long upperBound = System.nanoTime() - faults.lastNanos();

        Double seconds = Recovery.secondsUntilAcknowledged(faults, ledger, Long.MAX_VALUE);

        assertThat(seconds).isNotNull().isGreaterThanOrEqualTo((restarted - faults.lastNanos() + SECOND / 20) / 1e9)
                .isLessThanOrEqualTo(upperBound / 1e9);
    }

    @Test
    void acknowledgedAgainIsUnknownWhenTheFaultEndedAfterTheLoadOrNothingFollowed() {
        FaultLog faults = new FaultLog(System.nanoTime());
        faults.act("restart", () -> { });
        Ledger ledger = new Ledger();

        assertThat(Recovery.secondsUntilAcknowledged(faults, ledger, Long.MAX_VALUE)).isNull();
        ledger.acked(status("late"), List.of("e3"));
        assertThat(Recovery.secondsUntilAcknowledged(faults, ledger, faults.lastNanos() - 1)).isNull();
        assertThat(Recovery.secondsUntilAcknowledged(new FaultLog(System.nanoTime()), ledger, Long.MAX_VALUE)).isNull();
    }

    private static LagSampler.Sample sample(long second, long threadLag, long threadStored) {
        return new LagSampler.Sample(second * SECOND, threadLag, 0, 0, 0, 0, 0, threadStored);
    }

    private static ChaosCommand status(String conversationId) {
        return new ChaosCommand.Status(conversationId, ConversationStatus.pending);
    }
}
