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
 */
record MessageState(Role role, long occurredAt, double sentiment, boolean deleted) {

    boolean scored() {
        return !Double.isNaN(sentiment);
    }

    MessageState asDeleted() {
        return new MessageState(role, occurredAt, sentiment, true);
    }

    MessageState withSentiment(double score) {
        return new MessageState(role, occurredAt, score, deleted);
    }

    /** Key of a message in its store: the conversation id first, so a conversation's messages form one key range. */
    static String key(String conversationId, String messageId) {
        return conversationId + '/' + messageId;
    }

    /** The common prefix of {@link #key} for every message of a conversation. */
    static String keyPrefix(String conversationId) {
        return conversationId + '/';
    }

    /** Version byte, role ordinal, event time, sentiment, deleted flag. */
    static final class Serde extends StoreSerde<MessageState> {

        private static final byte VERSION = 1;

        @Override
        public byte[] serialize(String topic, MessageState message) {
            if (message == null) {
                return null;
            }
            return ByteBuffer.allocate(19).put(VERSION).put((byte) message.role().ordinal()).putLong(message.occurredAt())
                    .putDouble(message.sentiment()).put((byte) (message.deleted() ? 1 : 0)).array();
        }

        @Override
        public MessageState deserialize(String topic, byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != VERSION) {
                throw new SerializationException("Unknown message state version " + bytes[0]);
            }
            return new MessageState(Role.values()[in.get()], in.getLong(), in.getDouble(), in.get() == 1);
        }
    }
}
