package dev.threadline.stats.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conversations store writes a changed state when the processor saves the changed states (once per publish
 * interval) or when it leaves the cache, never on every event, nor on every commit (the outbox journal keeps it then).
 */
class ConversationStoreTest {

    private KeyValueStore<Bytes, byte[]> saved;
    private ConversationStore store;

    @BeforeEach
    void open() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        saved = Stores.inMemoryKeyValueStore("conversations").get();
        // A cache with room for two states without messages
        store = ConversationStore.over(saved, 2 * new ConversationState().estimatedBytes());
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void aStateChangedByManyEventsIsSavedOnceWhenTheChangedStatesAreSaved() {
        // Given a conversation changed by three events
        for (int event = 1; event <= 3; event++) {
            ConversationState state = store.stateOf("c-1");
            state = state == null ? new ConversationState() : state;
            state.userMessages++;
            store.put("c-1", state);
        }
        store.flushCache();
        assertThat(saved.get(key("c-1"))).as("after a commit").isNull();

        // When the processor saves the changed states
        store.saveChanged();

        // Then the latest state is saved
        assertThat(new ConversationStateSerde().deserialize(null, saved.get(key("c-1"))).userMessages).isEqualTo(3);
    }

    @Test
    void aChangedStateLeavingTheCacheIsSavedFirst() {
        // Given three changed conversations in a cache of two
        for (String id : new String[] {"c-1", "c-2", "c-3"}) {
            store.put(id, new ConversationState());
        }

        // Then the first one, which left the cache, was saved on its way out, and is still found
        assertThat(saved.get(key("c-1"))).isNotNull();
        assertThat(saved.get(key("c-3"))).isNull();
        assertThat(store.get("c-1")).isNotNull();
    }

    @Test
    void aStateSavedOnItsWayOutIsNotWrittenAgainAndItsReloadedCopyIsSavedWithItsLaterChanges() {
        // Given a changed conversation that left the cache (saved then) and was deleted from the saved store since
        ConversationState first = new ConversationState();
        first.userMessages = 1;
        store.put("c-1", first);
        store.put("c-2", new ConversationState());
        store.put("c-3", new ConversationState());
        assertThat(saved.get(key("c-1"))).isNotNull();
        saved.delete(key("c-1"));

        // When the changed states are saved
        store.saveChanged();

        // Then the one saved on its way out is not written a second time, the others are
        assertThat(saved.get(key("c-1"))).isNull();
        assertThat(saved.get(key("c-2"))).isNotNull();
        assertThat(saved.get(key("c-3"))).isNotNull();

        // And a conversation read back after leaving the cache is saved with what changed after
        ConversationState second = new ConversationState();
        second.userMessages = 1;
        store.put("c-4", second);
        store.put("c-5", new ConversationState());
        store.put("c-6", new ConversationState());
        store.saveChanged();
        ConversationState reloaded = store.stateOf("c-4");
        assertThat(reloaded).isNotSameAs(second);
        reloaded.userMessages = 5;
        store.put("c-4", reloaded);
        store.saveChanged();
        assertThat(new ConversationStateSerde().deserialize(null, saved.get(key("c-4"))).userMessages).isEqualTo(5);
    }

    @Test
    void aStateThatGrewCanPushOthersOutOfTheCache() {
        // Given two cached states, filling the cache
        ConversationState first = new ConversationState();
        store.put("c-1", first);
        store.put("c-2", new ConversationState());
        store.saveChanged();

        // When the second one grows by a few messages
        ConversationState grown = store.stateOf("c-2");
        for (int i = 0; i < 8; i++) {
            grown.messages.add(MessageId.of("m-" + i), new MessageState(dev.threadline.events.Role.user, i, 0.1, false,
                    MessageAuthors.of("user-" + i)));
        }
        store.put("c-2", grown);

        // Then the grown one stayed, and the first one left the cache: it is read back from the saved store
        assertThat(store.stateOf("c-2")).isSameAs(grown);
        assertThat(store.stateOf("c-1")).isNotNull().isNotSameAs(first);
    }

    @Test
    void theInteractiveQueriesGetCopies() {
        ConversationState state = new ConversationState();
        store.put("c-1", state);

        ConversationState queried = store.get("c-1");
        state.userMessages = 7;

        assertThat(queried.userMessages).isZero();
        assertThat(store.stateOf("c-1")).isSameAs(state);
    }

    @Test
    void clearingTheCacheForgetsChangesNotSavedYet() {
        // Given a saved state and a changed one not saved yet (the outbox journal has it)
        store.put("c-1", new ConversationState());
        store.saveChanged();
        store.put("c-2", new ConversationState());

        // When the cache is cleared, the task having stopped here
        store.clearCache();

        // Then the saved one is still found, and the other one is not written later
        assertThat(store.get("c-1")).isNotNull();
        store.saveChanged();
        assertThat(saved.get(key("c-2"))).isNull();
    }

    private static Bytes key(String id) {
        return Bytes.wrap(id.getBytes(StandardCharsets.UTF_8));
    }
}
