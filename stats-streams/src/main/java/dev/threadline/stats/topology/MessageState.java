package dev.threadline.stats.topology;

import dev.threadline.events.Role;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What stats-streams keeps per message in the {@link StatsStores#MESSAGES} store, so that a deletion or an edit can
 * take the message's share back out of its conversation's counts and sentiment sums, and so that messages seen before
 * their conversation's start can be measured once it arrives.
 *
 * @param role       role the message was written in
 * @param occurredAt event time of the message
 * @param sentiment  its VADER compound score, or NaN for roles whose sentiment is not kept
 * @param deleted    whether it was deleted; kept as a marker so a redelivered post cannot count it again
 * @param author     who wrote it, as {@link MessageAuthors#of} fingerprints a sender; {@link MessageAuthors#UNKNOWN}
 *                   for a message kept before authors were
 */
record MessageState(Role role, long occurredAt, double sentiment, boolean deleted, long author) {

    boolean scored() {
        return !Double.isNaN(sentiment);
    }

    MessageState asDeleted() {
        return new MessageState(role, occurredAt, sentiment, true, author);
    }

    MessageState withSentiment(double score) {
        return new MessageState(role, occurredAt, score, deleted, author);
    }

    /** Key of a message in its store: the conversation id first, so a conversation's messages form one key range. */
    static String key(String conversationId, String messageId) {
        return conversationId + '/' + messageId;
    }

    /** The common prefix of {@link #key} for every message of a conversation. */
    static String keyPrefix(String conversationId) {
        return conversationId + '/';
    }

    /** Version byte, role ordinal, event time, sentiment, deleted flag, author (version 2; version 1 has none). */
    static final class Serde extends StoreSerde<MessageState> {

        private static final byte VERSION_1 = 1;
        private static final byte VERSION = 2;

        @Override
        public byte[] serialize(String topic, MessageState message) {
            if (message == null) {
                return null;
            }
            return ByteBuffer.allocate(27).put(VERSION).put((byte) message.role().ordinal()).putLong(message.occurredAt())
                    .putDouble(message.sentiment()).put((byte) (message.deleted() ? 1 : 0)).putLong(message.author()).array();
        }

        @Override
        public MessageState deserialize(String topic, byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte version = in.get();
            if (version != VERSION && version != VERSION_1) {
                throw new SerializationException("Unknown message state version " + bytes[0]);
            }
            return new MessageState(Role.values()[in.get()], in.getLong(), in.getDouble(), in.get() == 1,
                    version == VERSION_1 ? MessageAuthors.UNKNOWN : in.getLong());
        }
    }
}
