package dev.threadline.stats.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Where the per-conversation processor keeps each message's role, time and sentiment (for redeliveries, edits,
 * deletions and a late start): the first {@value #INLINE} messages of a conversation in its own state, which is saved
 * once per commit anyway, and any further ones in the {@link StatsStores#MESSAGES} store, one record each. Most
 * conversations never need the store, so a message costs no record of its own.
 */
final class ConversationMessages {

    /** Messages a conversation's state holds itself; 34 bytes each in the saved state (with a UUID id). */
    static final int INLINE = 64;

    private static final StringSerializer KEYS = new StringSerializer();

    private final KeyValueStore<String, MessageState> store;

    ConversationMessages(KeyValueStore<String, MessageState> store) {
        this.store = store;
    }

    /** The message, or null if the conversation never had it. */
    MessageState find(ConversationState state, String conversationId, String messageId) {
        int at = state.messages.indexOf(MessageId.of(messageId));
        if (at >= 0) {
            return state.messages.get(at);
        }
        return state.messagesInStore ? store.get(MessageState.key(conversationId, messageId)) : null;
    }

    /** Keeps a message the conversation did not have. */
    void add(ConversationState state, String conversationId, String messageId, MessageState message) {
        if (state.messages.count() < INLINE) {
            state.messages.add(MessageId.of(messageId), message);
        } else {
            state.messagesInStore = true;
            store.put(MessageState.key(conversationId, messageId), message);
        }
    }

    /** Replaces a message the conversation has. */
    void replace(ConversationState state, String conversationId, String messageId, MessageState message) {
        int at = state.messages.indexOf(MessageId.of(messageId));
        if (at >= 0) {
            state.messages.replace(at, message);
        } else {
            store.put(MessageState.key(conversationId, messageId), message);
        }
    }

    /** Every message of the conversation: its own first, then those in the store. */
    void forEach(ConversationState state, String conversationId, Consumer<MessageState> action) {
        for (int i = 0; i < state.messages.count(); i++) {
            action.accept(state.messages.get(i));
        }
        if (state.messagesInStore) {
            try (KeyValueIterator<String, MessageState> all = store.prefixScan(MessageState.keyPrefix(conversationId), KEYS)) {
                all.forEachRemaining(entry -> action.accept(entry.value));
            }
        }
    }

    /** Forgets every message of the conversation. */
    void removeAll(ConversationState state, String conversationId) {
        state.messages = new InlineMessages();
        if (state.messagesInStore) {
            List<String> keys = new ArrayList<>();
            try (KeyValueIterator<String, MessageState> all = store.prefixScan(MessageState.keyPrefix(conversationId), KEYS)) {
                all.forEachRemaining(entry -> keys.add(entry.key));
            }
            keys.forEach(store::delete);
            state.messagesInStore = false;
        }
    }
}
