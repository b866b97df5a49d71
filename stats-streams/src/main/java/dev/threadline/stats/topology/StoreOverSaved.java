package dev.threadline.stats.topology;

import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One of stats-streams' own stores, kept over the Kafka Streams store it saves its entries in ({@link SavedStoreBuilder}):
 * name, initialisation (so the changelog is registered under this store), persistence and state are the saved store's.
 */
abstract class StoreOverSaved implements StateStore {

    protected final KeyValueStore<Bytes, byte[]> saved;

    StoreOverSaved(KeyValueStore<Bytes, byte[]> saved) {
        this.saved = saved;
    }

    @Override
    public String name() {
        return saved.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
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
}
