package dev.threadline.stats.topology;

import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Builds one of stats-streams' own stores around the Kafka Streams store it saves its entries in (same name, so the
 * same changelog). The store is its own cache, so Kafka Streams' record cache stays off; it relies on the changelog to
 * survive a restart, so logging cannot be turned off.
 */
record SavedStoreBuilder<T extends StateStore>(StoreBuilder<KeyValueStore<Bytes, byte[]>> saved,
                                               Function<KeyValueStore<Bytes, byte[]>, T> around) implements StoreBuilder<T> {

    @Override
    public StoreBuilder<T> withCachingEnabled() {
        throw new UnsupportedOperationException("The store " + name() + " is its own cache");
    }

    @Override
    public StoreBuilder<T> withCachingDisabled() {
        return this;
    }

    @Override
    public StoreBuilder<T> withLoggingEnabled(Map<String, String> config) {
        return new SavedStoreBuilder<>(saved.withLoggingEnabled(config), around);
    }

    @Override
    public StoreBuilder<T> withLoggingDisabled() {
        throw new UnsupportedOperationException("Without its changelog the store " + name() + " would lose entries on a restart");
    }

    @Override
    public T build() {
        return around.apply(saved.build());
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
