package dev.threadline.stats.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The conversations store writes a changed state once per commit, or when it leaves the cache, never on every event. */
class ConversationStoreTest {

    private KeyValueStore<Bytes, byte[]> saved;
    private ConversationStore store;

    @BeforeEach
    void open() {
        MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        saved = Stores.inMemoryKeyValueStore("conversations").get();
        store = ConversationStore.over(saved, 2);
        store.init(context.getStateStoreContext(), store);
    }

    @Test
    void aStateChangedByManyEventsIsSavedOnceAtTheCommit() {
        // Given a conversation changed by three events
        for (int event = 1; event <= 3; event++) {
            ConversationState state = store.get("c-1");
            state = state == null ? new ConversationState() : state;
            state.userMessages++;
            store.put("c-1", state);
        }
        assertThat(saved.get(key("c-1"))).as("before the commit").isNull();

        // When Kafka Streams flushes the store before the commit
        store.flushCache();

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
    void statesHandedOutAreCopies() {
        store.put("c-1", new ConversationState());

        store.get("c-1").userMessages = 7;

        assertThat(store.get("c-1").userMessages).isZero();
    }

    @Test
    void theCacheIsClearedOnlyOnceEveryChangeIsSaved() {
        store.put("c-1", new ConversationState());

        assertThatThrownBy(store::clearCache).isInstanceOf(IllegalStateException.class);
        store.flushCache();
        store.clearCache();
        assertThat(store.get("c-1")).isNotNull();
    }

    private static Bytes key(String id) {
        return Bytes.wrap(id.getBytes(StandardCharsets.UTF_8));
    }
}
