package dev.threadline.stats.topology;

import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * How a {@link ConversationOutbox} is saved: as a journal of what was added to it between two commits, in chunks of
 * at most {@value #CHUNK_BYTES} bytes, one changelog record each, so that saving costs a record or two per commit
 * however many entries changed. Loading replays the chunks in order.
 *
 * <pre>
 * chunk:  version (1), then operations until the end
 * operation: kind (ordinal of {@link OutboxEntry.Kind}), name (int length, UTF-8), event time (long), then
 *   METRICS       the conversation's state ({@link ConversationStateSerde}: int length, bytes)
 *   OBSERVATIONS  bucket (long), count (int), the values (double × count)
 *   STATUS_MOVES  open, pending, resolved (int × 3)
 * </pre>
 */
final class OutboxJournal {

    static final int CHUNK_BYTES = 256 * 1024;
    private static final ConversationStateSerde STATES = new ConversationStateSerde();
    private static final byte VERSION = 1;

    private OutboxJournal() {
    }

    /** Writes operations into chunks, through one buffer that it keeps for every save of its outbox. */
    static final class Writer {

        private final List<byte[]> chunks = new ArrayList<>();
        private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
        private ByteBuffer out = newChunk(buffer);

        void metrics(String conversationId, long eventTime, ConversationState state) {
            byte[] name = conversationId.getBytes(StandardCharsets.UTF_8);
            head(OutboxEntry.Kind.METRICS, name, eventTime, 4 + STATES.maxSize(state));
            int lengthAt = out.position();
            out.position(lengthAt + 4);
            STATES.writeTo(state, out);
            out.putInt(lengthAt, out.position() - lengthAt - 4);
        }

        void observations(String series, long bucket, long eventTime, double[] values, int from, int to) {
            byte[] name = series.getBytes(StandardCharsets.UTF_8);
            head(OutboxEntry.Kind.OBSERVATIONS, name, eventTime, 12 + 8 * (to - from));
            out.putLong(bucket).putInt(to - from);
            for (int i = from; i < to; i++) {
                out.putDouble(values[i]);
            }
        }

        void statusMoves(String group, StatusDelta delta) {
            byte[] name = group.getBytes(StandardCharsets.UTF_8);
            head(OutboxEntry.Kind.STATUS_MOVES, name, delta.eventTime(), 12);
            out.putInt(delta.open()).putInt(delta.pending()).putInt(delta.resolved());
        }

        /** The chunks written since the last call; none if nothing was. */
        List<byte[]> chunks() {
            endChunk();
            out = newChunk(buffer);
            List<byte[]> written = List.copyOf(chunks);
            chunks.clear();
            return written;
        }

        /** Starts an operation, in a new chunk if this one cannot take it. */
        private void head(OutboxEntry.Kind kind, byte[] name, long eventTime, int rest) {
            int size = 1 + 4 + name.length + 8 + rest;
            if (out.remaining() < size) {
                endChunk();
                // An operation larger than a chunk (a state with very long message ids) gets a chunk of its own.
                out = newChunk(size + 1 > CHUNK_BYTES ? ByteBuffer.allocate(size + 1) : buffer);
            }
            out.put((byte) kind.ordinal()).putInt(name.length).put(name).putLong(eventTime);
        }

        private void endChunk() {
            if (out.position() > 1) {
                chunks.add(Arrays.copyOf(out.array(), out.position()));
            }
        }

        private static ByteBuffer newChunk(ByteBuffer buffer) {
            return buffer.clear().put(VERSION);
        }
    }

    /**
     * Applies the operations of one chunk to {@code outbox}, in the order they were written, and hands each
     * conversation state to {@code states}.
     */
    static void replay(byte[] chunk, ConversationOutbox outbox, BiConsumer<String, ConversationState> states) {
        ByteBuffer in = ByteBuffer.wrap(chunk);
        if (in.get() != VERSION) {
            throw new SerializationException("Unknown outbox journal version " + chunk[0]);
        }
        while (in.hasRemaining()) {
            OutboxEntry.Kind kind = OutboxEntry.Kind.values()[in.get()];
            byte[] name = new byte[in.getInt()];
            in.get(name);
            String key = new String(name, StandardCharsets.UTF_8);
            long eventTime = in.getLong();
            switch (kind) {
                case METRICS -> {
                    byte[] bytes = new byte[in.getInt()];
                    in.get(bytes);
                    ConversationState state = STATES.deserialize(null, bytes);
                    states.accept(key, state);
                    outbox.metricsChanged(key, state, eventTime);
                }
                case OBSERVATIONS -> {
                    long bucket = in.getLong();
                    for (int i = in.getInt(); i > 0; i--) {
                        outbox.observe(key, bucket, in.getDouble(), eventTime);
                    }
                }
                case STATUS_MOVES -> outbox.statusMoved(key, new StatusDelta(in.getInt(), in.getInt(), in.getInt(), eventTime));
            }
        }
    }
}
