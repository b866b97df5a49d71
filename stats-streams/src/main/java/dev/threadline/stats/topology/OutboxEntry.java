package dev.threadline.stats.topology;

import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;

/**
 * One pending entry of a {@link ConversationOutbox}, mutable while it waits, and its saved form: a key of kind byte,
 * bucket (observations only) and name; a value of the entry's latest event time and its content.
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

        /** A conversation whose metrics changed; {@code state} is null when only its id is known (after a restart). */
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

        static Key statusCounts(String group) {
            return new Key(Kind.STATUS_MOVES, group, 0);
        }

        byte[] encode() {
            byte[] name = this.name.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(9 + name.length).put((byte) kind.ordinal()).putLong(bucket).put(name).array();
        }

        static Key decode(byte[] bytes) {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            Kind kind = Kind.values()[in.get()];
            long bucket = in.getLong();
            return new Key(kind, new String(bytes, 9, bytes.length - 9, StandardCharsets.UTF_8), bucket);
        }
    }

    private static final byte VERSION = 1;

    protected long eventTime;

    private OutboxEntry(long eventTime) {
        this.eventTime = eventTime;
    }

    long eventTime() {
        return eventTime;
    }

    abstract void emit(Key key, Emitter emitter);

    /** Version byte, latest event time, then the content. */
    final byte[] encode() {
        byte[] content = content();
        return ByteBuffer.allocate(9 + content.length).put(VERSION).putLong(eventTime).put(content).array();
    }

    abstract byte[] content();

    static OutboxEntry decode(Key key, byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != VERSION) {
            throw new SerializationException("Unknown outbox entry version " + bytes[0]);
        }
        long eventTime = in.getLong();
        byte[] content = Arrays.copyOfRange(bytes, 9, bytes.length);
        return switch (key.kind()) {
            case METRICS -> new Metrics(null, eventTime);
            case OBSERVATIONS -> new Observations(MetricAggregate.of(content), eventTime);
            case STATUS_MOVES -> {
                ByteBuffer moves = ByteBuffer.wrap(content);
                yield new StatusMoves(new StatusDelta(moves.getInt(), moves.getInt(), moves.getInt(), eventTime));
            }
        };
    }

    /** A conversation whose metrics are to be published; only its id and time are saved, its state is in its store. */
    static final class Metrics extends OutboxEntry {

        private ConversationState state;

        Metrics(ConversationState state, long eventTime) {
            super(eventTime);
            this.state = state;
        }

        void update(ConversationState latest, long time) {
            state = latest;
            eventTime = time;
        }

        @Override
        void emit(Key key, Emitter emitter) {
            emitter.metrics(key.name(), state, eventTime);
        }

        @Override
        byte[] content() {
            return new byte[0];
        }
    }

    /**
     * Observations of one series in one bucket, kept as plain values until they are emitted or saved (one aggregate
     * built from all of them, instead of a copy of the aggregate per observation); the time is the latest one's.
     */
    static final class Observations extends OutboxEntry {

        private final MetricAggregate loaded;
        private double[] values = new double[8];
        private int count;

        /** Observations saved by an earlier commit, to which more may be added. */
        Observations(MetricAggregate loaded, long eventTime) {
            super(eventTime);
            this.loaded = loaded;
        }

        Observations(double value, long eventTime) {
            this(null, eventTime);
            add(value, eventTime);
        }

        void add(double value, long time) {
            if (count == values.length) {
                values = Arrays.copyOf(values, 2 * count);
            }
            values[count++] = value;
            eventTime = Math.max(eventTime, time);
        }

        MetricAggregate aggregate() {
            MetricAggregate added = MetricAggregate.of(values, count);
            return loaded == null ? added : loaded.merge(added);
        }

        @Override
        void emit(Key key, Emitter emitter) {
            emitter.observations(key.name(), aggregate(), eventTime);
        }

        @Override
        byte[] content() {
            return aggregate().bytes();
        }
    }

    /** The sum of a group's status moves; the time is the latest move's, as the status counts take it. */
    static final class StatusMoves extends OutboxEntry {

        private int open;
        private int pending;
        private int resolved;

        StatusMoves(StatusDelta delta) {
            super(delta.eventTime());
            add(delta);
        }

        void add(StatusDelta delta) {
            open += delta.open();
            pending += delta.pending();
            resolved += delta.resolved();
            eventTime = Math.max(eventTime, delta.eventTime());
        }

        @Override
        void emit(Key key, Emitter emitter) {
            emitter.statusMoves(key.name(), new StatusDelta(open, pending, resolved, eventTime));
        }

        @Override
        byte[] content() {
            return ByteBuffer.allocate(12).putInt(open).putInt(pending).putInt(resolved).array();
        }
    }
}
