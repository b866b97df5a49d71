package dev.threadline.stats.topology;

import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.events.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The binary form of {@link ConversationState} in its store and changelog: a version byte, then the fields in a fixed
 * order. Enums are stored by ordinal, so their symbols may be appended to but never reordered; a changed layout takes
 * a new version byte and keeps reading the old ones, because changelogs outlive deployments.
 *
 * <p>Version 2 adds the messages the state holds itself: whether others are in the messages store, their count, and
 * for each its id (a canonical UUID as 16 bytes, any other id as UTF-8), role and deleted flag, event time and
 * sentiment. A version 1 state holds none, and all its messages are in the store.
 */
final class ConversationStateSerde extends StoreSerde<ConversationState> {

    private static final byte VERSION_1 = 1;
    private static final byte VERSION = 2;
    private static final int FIXED_BYTES = 2 + 3 + 6 * 9 + 6 * 4 + 2 * (8 + 4) + 8 + 4;
    private static final byte UUID_ID = 0;
    private static final byte TEXT_ID = 1;
    private static final int DELETED = 0x80;

    @Override
    public byte[] serialize(String topic, ConversationState state) {
        if (state == null) {
            return null;
        }
        byte[] tenant = state.tenant == null ? null : state.tenant.getBytes(StandardCharsets.UTF_8);
        int messageBytes = 0;
        byte[][] textIds = new byte[state.messageCount()][];
        for (int i = 0; i < state.messageCount(); i++) {
            String id = state.messageIdAt(i);
            if (!isCanonicalUuid(id)) {
                textIds[i] = id.getBytes(StandardCharsets.UTF_8);
            }
            messageBytes += 1 + (textIds[i] == null ? 16 : 4 + textIds[i].length) + 1 + 8 + 8;
        }
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + (tenant == null ? 0 : tenant.length) + 5 + messageBytes);
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
        out.put((byte) (state.messagesInStore ? 1 : 0)).putInt(state.messageCount());
        for (int i = 0; i < state.messageCount(); i++) {
            if (textIds[i] == null) {
                UUID id = UUID.fromString(state.messageIdAt(i));
                out.put(UUID_ID).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
            } else {
                out.put(TEXT_ID).putInt(textIds[i].length).put(textIds[i]);
            }
            MessageState message = state.messageAt(i);
            out.put((byte) (message.role().ordinal() | (message.deleted() ? DELETED : 0)));
            out.putLong(message.occurredAt()).putDouble(message.sentiment());
        }
        return out.array();
    }

    @Override
    public ConversationState deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte version = in.get();
        if (version != VERSION && version != VERSION_1) {
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
        for (int i = in.getInt(); i > 0; i--) {
            String id;
            if (in.get() == UUID_ID) {
                id = new UUID(in.getLong(), in.getLong()).toString();
            } else {
                int length = in.getInt();
                id = new String(bytes, in.position(), length, StandardCharsets.UTF_8);
                in.position(in.position() + length);
            }
            int role = in.get() & 0xff;
            state.addMessage(id, new MessageState(Role.values()[role & ~DELETED], in.getLong(), in.getDouble(), (role & DELETED) != 0));
        }
        return state;
    }

    /** Whether the id is a UUID in the canonical form {@link UUID#toString()} writes, so it survives 16 bytes. */
    private static boolean isCanonicalUuid(String id) {
        if (id.length() != 36 || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-' || id.charAt(23) != '-') {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(i);
            if (i != 8 && i != 13 && i != 18 && i != 23 && !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
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
