package dev.threadline.stats.topology;

import dev.threadline.events.Role;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The messages a conversation's state holds itself ({@link ConversationMessages}), in arrival order, as columns of
 * primitives: an id that is a canonical UUID is kept as its two longs (any other id as text), its author as a
 * fingerprint ({@link MessageAuthors}), so finding a message, saving the state and loading it create no objects per
 * message.
 */
final class InlineMessages {

    private static final int DELETED = 0x80;
    private static final byte UUID_ID = 0;
    private static final byte TEXT_ID = 1;

    private long[] high = new long[0];
    private long[] low = new long[0];
    private String[] text = new String[0];
    private byte[] roles = new byte[0];
    private long[] times = new long[0];
    private double[] sentiments = new double[0];
    private long[] authors = new long[0];
    private int count;

    InlineMessages() {
    }

    int count() {
        return count;
    }

    /** Where the message is held, or -1. */
    int indexOf(MessageId id) {
        for (int i = 0; i < count; i++) {
            if (id.text() == null ? text[i] == null && high[i] == id.high() && low[i] == id.low() : id.text().equals(text[i])) {
                return i;
            }
        }
        return -1;
    }

    MessageState get(int index) {
        int role = roles[index] & 0xff;
        return new MessageState(Role.values()[role & ~DELETED], times[index], sentiments[index], (role & DELETED) != 0,
                authors[index]);
    }

    void add(MessageId id, MessageState message) {
        if (count == roles.length) {
            resize(Math.max(4, 2 * count));
        }
        high[count] = id.high();
        low[count] = id.low();
        text[count] = id.text();
        set(count++, message);
    }

    void replace(int index, MessageState message) {
        set(index, message);
    }

    private void set(int index, MessageState message) {
        roles[index] = (byte) (message.role().ordinal() | (message.deleted() ? DELETED : 0));
        times[index] = message.occurredAt();
        sentiments[index] = message.sentiment();
        authors[index] = message.author();
    }

    private void resize(int capacity) {
        high = Arrays.copyOf(high, capacity);
        low = Arrays.copyOf(low, capacity);
        text = Arrays.copyOf(text, capacity);
        roles = Arrays.copyOf(roles, capacity);
        times = Arrays.copyOf(times, capacity);
        sentiments = Arrays.copyOf(sentiments, capacity);
        authors = Arrays.copyOf(authors, capacity);
    }

    /** Roughly the memory the columns take (their capacity, not only the messages held). */
    long estimatedBytes() {
        long bytes = 7 * 16 + roles.length * (8 + 8 + 4 + 1 + 8 + 8 + 8L);
        for (int i = 0; i < count; i++) {
            if (text[i] != null) {
                bytes += 48 + text[i].length();
            }
        }
        return bytes;
    }

    /** At least the bytes {@link #writeTo} writes, found without encoding the text ids. */
    int maxSize() {
        int size = 4 + count * (1 + 16 + 1 + 8 + 8 + 8);
        for (int i = 0; i < count; i++) {
            if (text[i] != null) {
                size += 4 + 3 * text[i].length();
            }
        }
        return size;
    }

    /** Bytes {@link #writeTo} writes. */
    int size() {
        int size = 4;
        for (int i = 0; i < count; i++) {
            size += 1 + (text[i] == null ? 16 : 4 + text[i].getBytes(StandardCharsets.UTF_8).length) + 1 + 8 + 8 + 8;
        }
        return size;
    }

    /**
     * Count, then per message: id (0 and a UUID's two longs, or 1 and UTF-8 text), role | deleted, time, sentiment,
     * author.
     */
    void writeTo(ByteBuffer out) {
        out.putInt(count);
        for (int i = 0; i < count; i++) {
            if (text[i] == null) {
                out.put(UUID_ID).putLong(high[i]).putLong(low[i]);
            } else {
                byte[] bytes = text[i].getBytes(StandardCharsets.UTF_8);
                out.put(TEXT_ID).putInt(bytes.length).put(bytes);
            }
            out.put(roles[i]).putLong(times[i]).putDouble(sentiments[i]).putLong(authors[i]);
        }
    }

    /** @param withAuthors whether the layout has authors (a state of version 3); without, they are unknown */
    static InlineMessages readFrom(ByteBuffer in, boolean withAuthors) {
        InlineMessages messages = new InlineMessages();
        int count = in.getInt();
        messages.resize(count);
        for (int i = 0; i < count; i++) {
            if (in.get() == UUID_ID) {
                messages.high[i] = in.getLong();
                messages.low[i] = in.getLong();
            } else {
                byte[] bytes = new byte[in.getInt()];
                in.get(bytes);
                messages.text[i] = new String(bytes, StandardCharsets.UTF_8);
            }
            messages.roles[i] = in.get();
            messages.times[i] = in.getLong();
            messages.sentiments[i] = in.getDouble();
            messages.authors[i] = withAuthors ? in.getLong() : MessageAuthors.UNKNOWN;
        }
        messages.count = count;
        return messages;
    }
}
