package dev.threadline.stats.topology;

import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Base of the serdes of stats-streams' own store and repartition values: one stateless, thread-safe object that is
 * serde, serializer and deserializer at once, with nothing to configure or close.
 */
abstract class StoreSerde<T> implements Serde<T>, Serializer<T>, Deserializer<T> {

    @Override
    public final Serializer<T> serializer() {
        return this;
    }

    @Override
    public final Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public final void configure(Map<String, ?> configs, boolean isKey) {
        // Nothing to configure.
    }

    @Override
    public final void close() {
        // Nothing to release.
    }
}
