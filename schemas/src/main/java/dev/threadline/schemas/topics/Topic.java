package dev.threadline.schemas.topics;

import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A Kafka topic of Threadline: its name, how its keys and values are encoded, how many partitions
 * it is created with and its topic-level configuration. The replication factor is a deployment
 * choice (1 locally, 3 in production) and is not part of the topic.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, int partitions, Map<String, String> config) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
        if (partitions < 1) {
            throw new IllegalArgumentException("A topic needs at least one partition: " + name);
        }
        config = Map.copyOf(config);
    }
}
