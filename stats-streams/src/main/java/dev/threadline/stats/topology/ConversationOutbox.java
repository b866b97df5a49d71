package dev.threadline.stats.topology;

import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * What one task of the per-conversation processor owes downstream since it last emitted: the conversations whose
 * metrics changed, the observations pre-aggregated per series and time bucket, and the status-count moves summed per
 * group. The processor empties it on a wall-clock punctuation every commit interval, so a conversation's metrics go
 * out once per interval however many events it had, and an observation travels to the windows once per series and
 * bucket instead of once per event and group.
 *
 * <p>Exactly once: the pending entries live in memory, and Kafka Streams flushes every store before it commits, so
 * {@link #flush()} writes the entries that changed since the last flush to a changelogged store in the commit's
 * transaction (usually few: the punctuation runs just before the commit). A task that restarts, here or on another
 * instance, {@link #load() loads} the entries of its last commit and processes the events after it again; a pending
 * entry is never lost with its events committed, nor emitted twice.
 */
final class ConversationOutbox implements StateStore {

    private final KeyValueStore<Bytes, byte[]> saved;
    private final Map<OutboxEntry.Key, OutboxEntry> pending = new LinkedHashMap<>();
    private final Set<OutboxEntry.Key> unsaved = new HashSet<>();
    private final Set<OutboxEntry.Key> persisted = new HashSet<>();
    private final long bucketMillis;
    private StateStoreContext context;

    private ConversationOutbox(KeyValueStore<Bytes, byte[]> saved, long bucketMillis) {
        this.saved = saved;
        this.bucketMillis = bucketMillis;
    }

    /**
     * The outbox of each task, saved in an in-memory store with a changelog of the same name.
     *
     * @param bucketMillis observations are pre-aggregated per bucket of this size, aligned to the epoch: a size that
     *                     divides every window size, so that a bucket falls into exactly one window of each size
     */
    static StoreBuilder<ConversationOutbox> builder(String name, long bucketMillis) {
        return new Builder(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled(), bucketMillis);
    }

    /** An outbox over a store of the caller's, for tests. */
    static ConversationOutbox over(KeyValueStore<Bytes, byte[]> saved, long bucketMillis) {
        return new ConversationOutbox(saved, bucketMillis);
    }

    /** The conversation's metrics changed; {@code state} is its latest state, {@code eventTime} the change's time. */
    void metricsChanged(String conversationId, ConversationState state, long eventTime) {
        OutboxEntry.Key key = OutboxEntry.Key.metrics(conversationId);
        OutboxEntry.Metrics entry = (OutboxEntry.Metrics) pending.get(key);
        if (entry == null) {
            pending.put(key, new OutboxEntry.Metrics(state, eventTime));
        } else {
            entry.update(state, eventTime);
        }
        unsaved.add(key);
    }

    /** One observation of a series at its event time, into the series' bucket of that time. */
    void observe(String series, double value, long eventTime) {
        OutboxEntry.Key key = OutboxEntry.Key.observations(series, Math.floorDiv(eventTime, bucketMillis) * bucketMillis);
        OutboxEntry.Observations entry = (OutboxEntry.Observations) pending.get(key);
        if (entry == null) {
            pending.put(key, new OutboxEntry.Observations(value, eventTime));
        } else {
            entry.add(value, eventTime);
        }
        unsaved.add(key);
    }

    /** A move between the status counts of a group. */
    void statusMoved(String group, StatusDelta delta) {
        OutboxEntry.Key key = OutboxEntry.Key.statusCounts(group);
        OutboxEntry.StatusMoves entry = (OutboxEntry.StatusMoves) pending.get(key);
        if (entry == null) {
            pending.put(key, new OutboxEntry.StatusMoves(delta));
        } else {
            entry.add(delta);
        }
        unsaved.add(key);
    }

    /**
     * Hands every pending entry to {@code emitter} and empties the outbox: status moves first, then the observations
     * oldest first (so that stream time downstream moves forward as it would have observation by observation), then
     * the metrics in the order the conversations changed.
     */
    void drainTo(OutboxEntry.Emitter emitter) {
        List<Map.Entry<OutboxEntry.Key, OutboxEntry>> entries = new ArrayList<>(pending.entrySet());
        entries.sort(Comparator.comparingInt((Map.Entry<OutboxEntry.Key, OutboxEntry> e) -> e.getKey().kind().ordinal())
                .thenComparingLong(e -> e.getKey().kind() == OutboxEntry.Kind.OBSERVATIONS ? e.getValue().eventTime() : 0));
        for (Map.Entry<OutboxEntry.Key, OutboxEntry> entry : entries) {
            entry.getValue().emit(entry.getKey(), emitter);
        }
        for (OutboxEntry.Key key : pending.keySet()) {
            if (!persisted.contains(key)) {
                unsaved.remove(key);
            }
        }
        unsaved.addAll(persisted);
        pending.clear();
    }

    /** Whether nothing is pending. */
    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Loads the entries saved by the task's last commit; the processor calls it once its task runs. */
    void load() {
        pending.clear();
        unsaved.clear();
        persisted.clear();
        try (KeyValueIterator<Bytes, byte[]> all = saved.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> next = all.next();
                OutboxEntry.Key key = OutboxEntry.Key.decode(next.key.get());
                pending.put(key, OutboxEntry.decode(key, next.value));
                persisted.add(key);
            }
        }
    }

    @Override
    public void flush() {
        if (!unsaved.isEmpty()) {
            if (context.recordMetadata().isEmpty()) {
                throw new IllegalStateException("Outbox " + name() + " changed outside of processing");
            }
            for (OutboxEntry.Key key : unsaved) {
                OutboxEntry entry = pending.get(key);
                if (entry != null) {
                    saved.put(Bytes.wrap(key.encode()), entry.encode());
                    persisted.add(key);
                } else if (persisted.remove(key)) {
                    saved.delete(Bytes.wrap(key.encode()));
                }
            }
            unsaved.clear();
        }
        saved.flush();
    }

    @Override
    public String name() {
        return saved.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        this.context = context;
        saved.init(context, root);
    }

    @Override
    public void close() {
        saved.close();
    }

    @Override
    public boolean persistent() {
        return saved.persistent();
    }

    @Override
    public boolean isOpen() {
        return saved.isOpen();
    }

    /** Builds the outbox around the store its entries are saved in; caching stays off, logging on. */
    private record Builder(StoreBuilder<KeyValueStore<Bytes, byte[]>> saved, long bucketMillis)
            implements StoreBuilder<ConversationOutbox> {

        @Override
        public StoreBuilder<ConversationOutbox> withCachingEnabled() {
            throw new UnsupportedOperationException("The outbox is its own cache");
        }

        @Override
        public StoreBuilder<ConversationOutbox> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<ConversationOutbox> withLoggingEnabled(Map<String, String> config) {
            return new Builder(saved.withLoggingEnabled(config), bucketMillis);
        }

        @Override
        public StoreBuilder<ConversationOutbox> withLoggingDisabled() {
            throw new UnsupportedOperationException("Without its changelog the outbox would lose entries on a restart");
        }

        @Override
        public ConversationOutbox build() {
            return new ConversationOutbox(saved.build(), bucketMillis);
        }

        @Override
        public Map<String, String> logConfig() {
            return saved.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return saved.loggingEnabled();
        }

        @Override
        public String name() {
            return saved.name();
        }
    }
}
