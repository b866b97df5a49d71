package dev.threadline.e2e.chaos;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the load generator was told: every command ingest acknowledged (a 202 item of a 2xx batch answer, with the
 * event ids of its receipt) and every command it did not (a non-2xx answer, a connection error or a rejected item,
 * with the reason). The invariants are checked against this, never against what the services say they did.
 */
public final class Ledger {

    /** An acknowledged command; {@code ackedAtNanos} on {@link System#nanoTime()}'s clock. */
    public record Acked(ChaosCommand command, List<String> eventIds, long ackedAtNanos) {
    }

    /** A command sent but not acknowledged: {@code reason} is {@code http-503}, {@code connection}, ... */
    public record Unacked(ChaosCommand command, String reason) {
    }

    private final ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Unacked> unacked = new ConcurrentLinkedQueue<>();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();
    private final AtomicLong lastAckNanos = new AtomicLong(Long.MIN_VALUE);
    private final LongAdder ackedCommands = new LongAdder();
    private final LongAdder ackedMessages = new LongAdder();
    private final LongAdder ackedEvents = new LongAdder();
    private final LongAdder unackedCommands = new LongAdder();

    /**
     * How many commands were acknowledged, how many of them post a message, how many events their receipts name, and
     * how many commands were not acknowledged.
     */
    public record Counts(long ackedCommands, long ackedMessages, long ackedEvents, long unackedCommands) {

        /** What happened between {@code earlier} and this. */
        public Counts since(Counts earlier) {
            return new Counts(ackedCommands - earlier.ackedCommands, ackedMessages - earlier.ackedMessages,
                    ackedEvents - earlier.ackedEvents, unackedCommands - earlier.unackedCommands);
        }
    }

    public void acked(ChaosCommand command, List<String> eventIds) {
        long now = System.nanoTime();
        acked.add(new Acked(command, eventIds, now));
        ackedCommands.increment();
        ackedEvents.add(eventIds.size());
        if (command.messageId() != null) {
            ackedMessages.increment();
        }
        lastAckNanos.accumulateAndGet(now, Math::max);
    }

    public void unacked(ChaosCommand command, String reason) {
        unacked.add(new Unacked(command, reason));
        unackedCommands.increment();
    }

    /** The counts so far, without copying the ledger. */
    public Counts counts() {
        return new Counts(ackedCommands.sum(), ackedMessages.sum(), ackedEvents.sum(), unackedCommands.sum());
    }

    /** Counts one answer to a batch request: its HTTP status, or the kind of connection error. */
    public void answer(String kind) {
        answers.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    /** In acknowledgement order; per conversation this is the order the commands were sent in. */
    public List<Acked> acked() {
        return List.copyOf(acked);
    }

    public List<Unacked> unacked() {
        return List.copyOf(unacked);
    }

    public Map<String, Long> answers() {
        Map<String, Long> copy = new TreeMap<>();
        answers.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** When the last acknowledgement came, on {@link System#nanoTime()}'s clock; {@link Long#MIN_VALUE} if none. */
    long lastAckNanos() {
        return lastAckNanos.get();
    }
}
