package dev.threadline.stats.topology;

import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import java.util.Arrays;

/**
 * One pending entry of a {@link ConversationOutbox}, mutable while it waits. Each entry also knows what was added to it
 * since the outbox was last saved, which is what the next {@link OutboxJournal} chunk records.
 */
abstract sealed class OutboxEntry {

    /** The kinds of entry, in the order they are emitted. */
    enum Kind { STATUS_MOVES, OBSERVATIONS, METRICS }

    /** Receives the entries of an outbox as it is emptied. */
    interface Emitter {

        /** The sum of a group's status moves, at the latest of their event times. */
        void statusMoves(String group, StatusDelta moves);

        /** The observations of one series in one bucket, at the latest of their event times. */
        void observations(String series, MetricAggregate observations, long eventTime);

        /** A conversation whose metrics changed, with its latest state. */
        void metrics(String conversationId, ConversationState state, long eventTime);
    }

    /** What an entry is about: a conversation (metrics), a series and bucket (observations) or a group (status). */
    record Key(Kind kind, String name, long bucket) {

        static Key metrics(String conversationId) {
            return new Key(Kind.METRICS, conversationId, 0);
        }

        static Key observations(String series, long bucket) {
            return new Key(Kind.OBSERVATIONS, series, bucket);
        }

        static Key statusMoves(String group) {
            return new Key(Kind.STATUS_MOVES, group, 0);
        }
    }

    final Key key;
    long eventTime;
    /** Whether something was added since the outbox was last saved. */
    boolean changed;

    private OutboxEntry(Key key, long eventTime) {
        this.key = key;
        this.eventTime = eventTime;
    }

    abstract void emit(Emitter emitter);

    /** Writes what was added since the last save (the journal's format of this kind) and marks it saved. */
    abstract void saveChanges(OutboxJournal.Writer out);

    /** Marks everything in the entry as saved (it was loaded from the journal). */
    abstract void markSaved();

    /**
     * A conversation whose metrics are to be published, with its latest state, which the journal saves: until the
     * outbox is emptied, the conversations store does not save it itself ({@link ConversationStore}).
     */
    static final class Metrics extends OutboxEntry {

        private ConversationState state;

        Metrics(Key key, ConversationState state, long eventTime) {
            super(key, eventTime);
            this.state = state;
        }

        void update(ConversationState latest, long time) {
            state = latest;
            eventTime = time;
        }

        @Override
        void emit(Emitter emitter) {
            emitter.metrics(key.name(), state, eventTime);
        }

        @Override
        void saveChanges(OutboxJournal.Writer out) {
            out.metrics(key.name(), eventTime, state);
        }

        @Override
        void markSaved() {
            changed = false;
        }
    }

    /**
     * Observations of one series in one bucket, kept as plain values until they are emitted (one aggregate built from
     * all of them, instead of a copy of the aggregate per observation); the time is the latest one's.
     */
    static final class Observations extends OutboxEntry {

        private double[] values = new double[8];
        private int count;
        private int saved;

        Observations(Key key, long eventTime) {
            super(key, eventTime);
        }

        void add(double value, long time) {
            if (count == values.length) {
                values = Arrays.copyOf(values, 2 * count);
            }
            values[count++] = value;
            eventTime = Math.max(eventTime, time);
        }

        @Override
        void emit(Emitter emitter) {
            emitter.observations(key.name(), MetricAggregate.of(values, count), eventTime);
        }

        @Override
        void saveChanges(OutboxJournal.Writer out) {
            out.observations(key.name(), key.bucket(), eventTime, values, saved, count);
            saved = count;
        }

        @Override
        void markSaved() {
            saved = count;
            changed = false;
        }
    }

    /** The sum of a group's status moves; the time is the latest move's, as the status counts take it. */
    static final class StatusMoves extends OutboxEntry {

        private final int[] moves = new int[3];
        private final int[] saved = new int[3];

        StatusMoves(Key key, long eventTime) {
            super(key, eventTime);
        }

        void add(StatusDelta delta) {
            moves[0] += delta.open();
            moves[1] += delta.pending();
            moves[2] += delta.resolved();
            eventTime = Math.max(eventTime, delta.eventTime());
        }

        @Override
        void emit(Emitter emitter) {
            emitter.statusMoves(key.name(), new StatusDelta(moves[0], moves[1], moves[2], eventTime));
        }

        @Override
        void saveChanges(OutboxJournal.Writer out) {
            out.statusMoves(key.name(), new StatusDelta(moves[0] - saved[0], moves[1] - saved[1], moves[2] - saved[2], eventTime));
            markSaved();
        }

        @Override
        void markSaved() {
            System.arraycopy(moves, 0, saved, 0, 3);
            changed = false;
        }
    }
}
