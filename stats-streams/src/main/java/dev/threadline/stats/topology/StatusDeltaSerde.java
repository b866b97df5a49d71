package dev.threadline.stats.topology;

import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** Serde of {@link StatusDelta} on the status-deltas repartition topic: version byte, three counts, event time. */
final class StatusDeltaSerde extends StoreSerde<StatusDelta> {

    private static final byte VERSION = 1;

    @Override
    public byte[] serialize(String topic, StatusDelta delta) {
        if (delta == null) {
            return null;
        }
        return ByteBuffer.allocate(21).put(VERSION).putInt(delta.open()).putInt(delta.pending()).putInt(delta.resolved())
                .putLong(delta.eventTime()).array();
    }

    @Override
    public StatusDelta deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (in.get() != VERSION) {
            throw new SerializationException("Unknown status delta version " + bytes[0]);
        }
        return new StatusDelta(in.getInt(), in.getInt(), in.getInt(), in.getLong());
    }
}
