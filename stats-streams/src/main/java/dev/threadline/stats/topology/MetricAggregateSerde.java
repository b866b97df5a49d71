package dev.threadline.stats.topology;

/**
 * Serde of {@link MetricAggregate} in the window stores, their changelogs and the suppression buffers. An aggregate is
 * its own serialized form (see its layout), so writing is free and reading checks the version and the length.
 */
public final class MetricAggregateSerde extends StoreSerde<MetricAggregate> {

    @Override
    public byte[] serialize(String topic, MetricAggregate aggregate) {
        return aggregate == null ? null : aggregate.bytes();
    }

    @Override
    public MetricAggregate deserialize(String topic, byte[] bytes) {
        return bytes == null ? null : MetricAggregate.of(bytes);
    }
}
