package dev.threadline.stats.topology;

import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * What one task of the per-conversation processor owes downstream since it last emitted: the conversations whose
 * metrics changed, the observations pre-aggregated per series and time bucket, and the status-count moves summed per
 * group. The processor empties it on a wall-clock punctuation every publish interval, so a conversation's metrics go
 * out once per interval however many events it had, and an observation travels to the windows once per series and
 * bucket instead of once per event and group.
 *
 * <p>Exactly once: the entries live in memory, and before every commit Kafka Streams flushes the outbox like its own
 * record caches ({@link #flushCache()}), which appends what was added since the last commit to the outbox's changelog
 * as one {@link OutboxJournal} chunk, in the commit's transaction; the chunk also holds the changed conversations'
 * states, which the conversations store saves only when the outbox is emptied. A task that restarts, here or on
 * another instance, {@link #load() replays} the chunks of its last commit and processes the events after it again;
 * emptying the outbox deletes the chunks. A pending entry is never lost with its events committed, nor emitted twice.
 *
 * <p>Kafka Streams calls {@code flushCache} on every store that implements its {@code CachedStateStore} before each
 * commit, and {@code StateStore.flush} only when it checkpoints, so the outbox implements that interface (an internal
 * one of Kafka Streams 4.2); {@code PublicationPerIntervalTest} fails if a commit stops saving it.
 */
final class ConversationOutbox extends StoreOverSaved implements CachedStateStore<byte[], byte[]> {

    private final Map<OutboxEntry.Key, OutboxEntry> pending = new LinkedHashMap<>();
    private final List<OutboxEntry> changed = new ArrayList<>();
    private final List<Bytes> chunks = new ArrayList<>();
    private final OutboxJournal.Writer journal = new OutboxJournal.Writer();
    private final long bucketMillis;
    private long nextChunk;

    private ConversationOutbox(KeyValueStore<Bytes, byte[]> saved, long bucketMillis) {
        super(saved);
        this.bucketMillis = bucketMillis;
    }

    /**
     * The outbox of each task, saved in an in-memory store with a changelog of the same name.
     *
     * @param bucketMillis observations are pre-aggregated per bucket of this size, aligned to the epoch: a size that
     *                     divides every window size, so that a bucket falls into exactly one window of each size
     */
    static StoreBuilder<ConversationOutbox> builder(String name, long bucketMillis) {
        // Nearly every chunk is deleted within a publish interval: small segments let the log cleaner drop them soon,
        // so a restarted task restores little more than the live chunks.
        Map<String, String> changelog = Map.of(TopicConfig.SEGMENT_BYTES_CONFIG, String.valueOf(16 * 1024 * 1024),
                TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(10 * 60 * 1000));
        return new SavedStoreBuilder<>(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.Bytes(),
                Serdes.ByteArray()).withCachingDisabled().withLoggingEnabled(changelog), saved -> new ConversationOutbox(saved, bucketMillis));
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
            entry = new OutboxEntry.Metrics(key, state, eventTime);
            pending.put(key, entry);
        } else {
            entry.update(state, eventTime);
        }
        noteChanged(entry);
    }

    /** One observation of a series at its event time, into the series' bucket of that time. */
    void observe(String series, double value, long eventTime) {
        observe(series, Math.floorDiv(eventTime, bucketMillis) * bucketMillis, value, eventTime);
    }

    void observe(String series, long bucket, double value, long eventTime) {
        OutboxEntry.Key key = OutboxEntry.Key.observations(series, bucket);
        OutboxEntry.Observations entry = (OutboxEntry.Observations) pending.get(key);
        if (entry == null) {
            entry = new OutboxEntry.Observations(key, eventTime);
            pending.put(key, entry);
        }
        entry.add(value, eventTime);
        noteChanged(entry);
    }

    /** A move between the status counts of a group. */
    void statusMoved(String group, StatusDelta delta) {
        OutboxEntry.Key key = OutboxEntry.Key.statusMoves(group);
        OutboxEntry.StatusMoves entry = (OutboxEntry.StatusMoves) pending.get(key);
        if (entry == null) {
            entry = new OutboxEntry.StatusMoves(key, delta.eventTime());
            pending.put(key, entry);
        }
        entry.add(delta);
        noteChanged(entry);
    }

    private void noteChanged(OutboxEntry entry) {
        if (!entry.changed) {
            entry.changed = true;
            changed.add(entry);
        }
    }

    /**
     * Hands every pending entry to {@code emitter} and empties the outbox, saved chunks included: status moves first,
     * then the observations oldest first (so that stream time downstream moves forward as it would have observation by
     * observation), then the metrics in the order the conversations first changed.
     */
    void drainTo(OutboxEntry.Emitter emitter) {
        List<OutboxEntry> entries = new ArrayList<>(pending.values());
        entries.sort(Comparator.comparingInt((OutboxEntry e) -> e.key.kind().ordinal())
                .thenComparingLong(e -> e.key.kind() == OutboxEntry.Kind.OBSERVATIONS ? e.eventTime : 0));
        for (OutboxEntry entry : entries) {
            entry.emit(emitter);
        }
        for (Bytes chunk : chunks) {
            saved.delete(chunk);
        }
        chunks.clear();
        pending.clear();
        changed.clear();
    }

    /**
     * Replays the chunks saved by the task's last commit, handing each conversation state they hold to {@code states};
     * the processor calls it whenever its task starts running.
     */
    void load(BiConsumer<String, ConversationState> states) {
        clearCache();
        TreeMap<Long, byte[]> journal = new TreeMap<>();
        try (KeyValueIterator<Bytes, byte[]> all = saved.all()) {
            while (all.hasNext()) {
                KeyValue<Bytes, byte[]> next = all.next();
                journal.put(ByteBuffer.wrap(next.key.get()).getLong(), next.value);
            }
        }
        journal.forEach((sequence, chunk) -> {
            OutboxJournal.replay(chunk, this, states);
            chunks.add(chunkKey(sequence));
        });
        nextChunk = journal.isEmpty() ? 0 : journal.lastKey() + 1;
        pending.values().forEach(OutboxEntry::markSaved);
        changed.clear();
    }

    /** Appends what changed since the last commit to the changelog, as one journal chunk (or a few). */
    @Override
    public void flushCache() {
        if (changed.isEmpty()) {
            return;
        }
        OutboxJournal.Writer writer = journal;
        for (OutboxEntry entry : changed) {
            entry.saveChanges(writer);
            entry.changed = false;
        }
        changed.clear();
        for (byte[] chunk : writer.chunks()) {
            Bytes key = chunkKey(nextChunk++);
            saved.put(key, chunk);
            chunks.add(key);
        }
    }

    private static Bytes chunkKey(long sequence) {
        return Bytes.wrap(ByteBuffer.allocate(8).putLong(sequence).array());
    }

    /** Forgets the pending entries: the task is no longer active here, and {@link #load()} brings them back. */
    @Override
    public void clearCache() {
        pending.clear();
        changed.clear();
        chunks.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<byte[], byte[]> listener, boolean sendOldValues) {
        return false; // the processor emits the outbox itself
    }

    @Override
    public void flush() {
        flushCache();
        saved.flush();
    }
}
