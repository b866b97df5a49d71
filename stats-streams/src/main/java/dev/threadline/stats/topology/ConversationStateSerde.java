package dev.threadline.stats.topology;

import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The binary form of {@link ConversationState} in its store and changelog: a version byte, then the fields in a fixed
 * order. Enums are stored by ordinal, so their symbols may be appended to but never reordered; a changed layout takes
 * a new version byte and keeps reading the old ones, because changelogs outlive deployments.
 *
 * <p>Version 2 adds the messages the state holds itself: whether others are in the messages store, then
 * {@link InlineMessages}' layout. A version 1 state holds none, and all its messages are in the store. Version 3 adds
 * each inline message's author; a version 2 state's authors are unknown.
 */
final class ConversationStateSerde extends StoreSerde<ConversationState> {

    private static final byte VERSION_1 = 1;
    private static final byte VERSION_2 = 2;
    private static final byte VERSION = 3;
    private static final int FIXED_BYTES = 2 + 3 + 6 * 9 + 6 * 4 + 2 * (8 + 4) + 8 + 4;

    @Override
    public byte[] serialize(String topic, ConversationState state) {
        if (state == null) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(size(state));
        writeTo(state, out);
        return out.array();
    }

    /** At least the bytes {@link #writeTo} writes for the state, found without encoding anything. */
    int maxSize(ConversationState state) {
        return FIXED_BYTES + (state.tenant == null ? 0 : 3 * state.tenant.length()) + 1 + state.messages.maxSize();
    }

    /** Bytes {@link #writeTo} writes for the state. */
    int size(ConversationState state) {
        return FIXED_BYTES + (state.tenant == null ? 0 : state.tenant.getBytes(StandardCharsets.UTF_8).length) + 1
                + state.messages.size();
    }

    /** Writes the state at the buffer's position. */
    void writeTo(ConversationState state, ByteBuffer out) {
        byte[] tenant = state.tenant == null ? null : state.tenant.getBytes(StandardCharsets.UTF_8);
        out.put(VERSION);
        out.put((byte) (state.deleted ? 1 : 0));
        out.put(ordinal(state.kind)).put(ordinal(state.priority)).put(ordinal(state.status));
        putNullable(out, state.startedAt);
        putNullable(out, state.firstResponseAt);
        putNullable(out, state.resolvedAt);
        putNullable(out, state.resolutionMillis);
        putNullable(out, state.lastCycleResolutionMillis);
        putNullable(out, state.lastReopenAt);
        out.putInt(state.resolveCount).putInt(state.reopenCount);
        out.putInt(state.userMessages).putInt(state.responderMessages).putInt(state.assistantMessages).putInt(state.systemMessages);
        out.putDouble(state.userSentimentSum).putInt(state.userSentimentCount);
        out.putDouble(state.responderSentimentSum).putInt(state.responderSentimentCount);
        out.putLong(state.updatedAt);
        out.putInt(tenant == null ? -1 : tenant.length);
        if (tenant != null) {
            out.put(tenant);
        }
        out.put((byte) (state.messagesInStore ? 1 : 0));
        state.messages.writeTo(out);
    }

    @Override
    public ConversationState deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION && version != VERSION_2 && version != VERSION_1) {
            throw new SerializationException("Unknown conversation state version " + version);
        }
        ConversationState state = new ConversationState();
        state.deleted = in.get() == 1;
        state.kind = enumOf(ConversationKind.values(), in.get());
        state.priority = enumOf(Priority.values(), in.get());
        state.status = enumOf(ConversationStatus.values(), in.get());
        state.startedAt = getNullable(in);
        state.firstResponseAt = getNullable(in);
        state.resolvedAt = getNullable(in);
        state.resolutionMillis = getNullable(in);
        state.lastCycleResolutionMillis = getNullable(in);
        state.lastReopenAt = getNullable(in);
        state.resolveCount = in.getInt();
        state.reopenCount = in.getInt();
        state.userMessages = in.getInt();
        state.responderMessages = in.getInt();
        state.assistantMessages = in.getInt();
        state.systemMessages = in.getInt();
        state.userSentimentSum = in.getDouble();
        state.userSentimentCount = in.getInt();
        state.responderSentimentSum = in.getDouble();
        state.responderSentimentCount = in.getInt();
        state.updatedAt = in.getLong();
        int tenantLength = in.getInt();
        if (tenantLength >= 0) {
            state.tenant = new String(bytes, in.position(), tenantLength, StandardCharsets.UTF_8);
            in.position(in.position() + tenantLength);
        }
        if (version == VERSION_1) {
            state.messagesInStore = true;
            return state;
        }
        state.messagesInStore = in.get() == 1;
        state.messages = InlineMessages.readFrom(in, version == VERSION);
        return state;
    }

    private static byte ordinal(Enum<?> value) {
        return (byte) (value == null ? 0 : value.ordinal() + 1);
    }

    private static <E extends Enum<E>> E enumOf(E[] values, byte stored) {
        return stored == 0 ? null : values[stored - 1];
    }

    private static void putNullable(ByteBuffer out, Long value) {
        out.put((byte) (value == null ? 0 : 1));
        out.putLong(value == null ? 0 : value);
    }

    private static Long getNullable(ByteBuffer in) {
        boolean present = in.get() == 1;
        long value = in.getLong();
        return present ? value : null;
    }
}
