package dev.threadline.stats.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The {@link StatsStores#CONVERSATIONS} store: each conversation's {@link ConversationState} in a changelogged RocksDB
 * store, behind a bounded cache of the states themselves. An event changes its conversation's state in the cache and
 * marks it changed; the state is encoded and written to RocksDB and the changelog when the processor
 * {@link #saveChanged() saves} the changed states, once per publish interval however many events and commits a
 * conversation had, or when it leaves the cache. Kafka Streams' own record cache would decode and encode the state on
 * every event, and write it on every commit.
 *
 * <p>Between two saves a changed state is kept safe by the {@link ConversationOutbox}: the processor notes every state
 * it puts in the outbox, whose journal saves it with the commit. After a restart the outbox hands the journaled states
 * back, and they are put here again. So this store writes nothing when Kafka Streams flushes it before a commit.
 *
 * <p>The interactive queries read the store from HTTP threads: they get a copy made under the store's lock, and the
 * processor changes a state only while it holds that lock, so a query never sees a state half-way through an event.
 */
final class ConversationStore extends StoreOverSaved implements ReadOnlyKeyValueStore<String, ConversationState>,
        CachedStateStore<byte[], byte[]> {

    /**
     * Memory a task's cache may take, by the states' estimated sizes: some 8,000 states of a dozen messages, many
     * times the conversations a task has in flight at once. The least recently used states leave first.
     */
    static final long CACHE_BYTES = 8L * 1024 * 1024;

    private static final ConversationStateSerde STATES = new ConversationStateSerde();

    private final long capacity;
    private long cachedBytes;
    private final LinkedHashMap<String, ConversationState> cache = new LinkedHashMap<>(1024, 0.75f, true);
    /**
     * The states changed since the last save, each listed once (its {@link ConversationState#unsaved} flag says whether
     * it still is: one saved on its way out of the cache is skipped).
     */
    private final List<Unsaved> unsaved = new ArrayList<>();

    private record Unsaved(String conversationId, ConversationState state) {
    }

    private ConversationStore(KeyValueStore<Bytes, byte[]> saved, long capacity) {
        super(saved);
        this.capacity = capacity;
    }

    /** The store, saved in RocksDB with a changelog of the same name (the layout of {@link ConversationStateSerde}). */
    static StoreBuilder<ConversationStore> builder(String name) {
        return new SavedStoreBuilder<>(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingDisabled(), saved -> new ConversationStore(saved, CACHE_BYTES));
    }

    /** A store over a saved store of the caller's, with a cache of {@code capacity} bytes, for tests. */
    static ConversationStore over(KeyValueStore<Bytes, byte[]> saved, long capacity) {
        return new ConversationStore(saved, capacity);
    }

    /** For the interactive queries: a copy of the conversation's state (without its messages); null if unknown. */
    @Override
    public synchronized ConversationState get(String conversationId) {
        ConversationState state = stateOf(conversationId);
        return state == null ? null : state.copyWithoutMessages();
    }

    /**
     * The conversation's state itself, which the caller changes only while it holds this store's lock and then
     * {@link #put}s; null if the conversation is unknown.
     */
    synchronized ConversationState stateOf(String conversationId) {
        ConversationState state = cache.get(conversationId);
        if (state == null) {
            byte[] bytes = saved.get(key(conversationId));
            if (bytes == null) {
                return null;
            }
            state = STATES.deserialize(null, bytes);
            cache(conversationId, state);
        }
        return state;
    }

    /**
     * The conversation's changed (or new) state, which the caller notes in its outbox. A state the cache holds already
     * (the one {@link #stateOf} handed out, changed in place) is only measured again: no second look-up per event.
     */
    synchronized void put(String conversationId, ConversationState state) {
        if (state.inCache) {
            replaced(state, state);
            if (cachedBytes > capacity) {
                cache.get(conversationId); // the most recently used, before older ones make room
                evictBeyondCapacity();
            }
        } else {
            cache(conversationId, state);
        }
        markUnsaved(conversationId, state);
    }

    /** A changed state the outbox journal held after a restart; it may take the cache past its size for a while. */
    synchronized void restore(String conversationId, ConversationState state) {
        replaced(cache.put(conversationId, state), state);
        markUnsaved(conversationId, state);
    }

    private void markUnsaved(String conversationId, ConversationState state) {
        if (!state.unsaved) {
            state.unsaved = true;
            unsaved.add(new Unsaved(conversationId, state));
        }
    }

    /**
     * Forgets the cached states, changed ones too (the outbox journal has them); the processor calls it whenever its
     * task starts running, and Kafka Streams when the task stops being active here, as the store may be restored
     * further from its changelog meanwhile.
     */
    @Override
    public synchronized void clearCache() {
        for (ConversationState state : cache.values()) {
            state.inCache = false;
            state.unsaved = false;
        }
        cache.clear();
        unsaved.clear();
        cachedBytes = 0;
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<byte[], byte[]> listener, boolean sendOldValues) {
        return false; // the processor publishes the metrics itself, through its outbox
    }

    private void cache(String conversationId, ConversationState state) {
        replaced(cache.put(conversationId, state), state);
        evictBeyondCapacity();
    }

    /** The least recently used states leave while the cache is over its size, changed ones saved on their way out. */
    private void evictBeyondCapacity() {
        Iterator<Map.Entry<String, ConversationState>> eldest = cache.entrySet().iterator();
        while (cachedBytes > capacity && cache.size() > 1) {
            Map.Entry<String, ConversationState> evicted = eldest.next();
            ConversationState state = evicted.getValue();
            if (state.unsaved) {
                save(evicted.getKey(), state);
                state.unsaved = false;
            }
            state.inCache = false;
            cachedBytes -= state.cachedBytes;
            eldest.remove();
        }
    }

    /** Keeps the cache's size up to date with a state that replaced {@code previous} (or itself). */
    private void replaced(ConversationState previous, ConversationState state) {
        long before = 0;
        if (previous != null) {
            before = previous.cachedBytes;
            if (previous != state) {
                previous.inCache = false;
                previous.unsaved = false; // the state that replaced it is the one to save
            }
        }
        state.inCache = true;
        state.cachedBytes = state.estimatedBytes();
        cachedBytes += state.cachedBytes - before;
    }

    /** Writes every state changed since the last save to RocksDB and the changelog. */
    synchronized void saveChanged() {
        List<KeyValue<Bytes, byte[]>> changed = new ArrayList<>(unsaved.size());
        for (Unsaved entry : unsaved) {
            if (entry.state().unsaved) {
                changed.add(KeyValue.pair(key(entry.conversationId()), STATES.serialize(null, entry.state())));
                entry.state().unsaved = false;
            }
        }
        saved.putAll(changed); // one RocksDB write batch
        unsaved.clear();
    }

    /** Nothing to do before a commit: the outbox journal holds the states changed since the last save. */
    @Override
    public void flushCache() {
    }

    @Override
    public synchronized void flush() {
        saved.flush();
    }

    private void save(String conversationId, ConversationState state) {
        saved.put(key(conversationId), STATES.serialize(null, state));
    }

    private static Bytes key(String conversationId) {
        return Bytes.wrap(conversationId.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public KeyValueIterator<String, ConversationState> range(String from, String to) {
        throw new UnsupportedOperationException("Conversations are looked up by id only");
    }

    @Override
    public KeyValueIterator<String, ConversationState> all() {
        throw new UnsupportedOperationException("Conversations are looked up by id only");
    }

    @Override
    public long approximateNumEntries() {
        return saved.approximateNumEntries();
    }

    @Override
    public synchronized void close() {
        clearCache();
        super.close();
    }
}
