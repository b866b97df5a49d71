package dev.threadline.stats.topology;

import dev.threadline.analytics.Dimension;
import dev.threadline.analytics.StatusCounts;
import dev.threadline.schemas.serde.EventSerdes;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.stats.topology.ConversationOutput.StatusDelta;
import java.time.Instant;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Exact open/pending/resolved counts per group: the moves between counts, summed per task and group over a publish
 * interval and keyed by dimension key, are repartitioned by group and summed into {@link StatsStores#STATUS_COUNTS};
 * every change goes to the compacted status-counts topic (at most once per publish interval per group). Exactly-once processing keeps the sums
 * exact: a move is applied once or, with its source event, not at all.
 */
final class StatusCountsAggregation {

    private static final StatusDeltaSerde DELTAS = new StatusDeltaSerde();

    private StatusCountsAggregation() {
    }

    static void add(KStream<String, StatusDelta> deltas) {
        deltas
                .repartition(Repartitioned.<String, StatusDelta>as("status-deltas")
                        .withKeySerde(Serdes.String()).withValueSerde(DELTAS).withNumberOfPartitions(StatsTopology.REPARTITION_PARTITIONS))
                .groupByKey(Grouped.with("status-deltas-by-group", Serdes.String(), DELTAS))
                .aggregate(StatusCountsAggregation::none, StatusCountsAggregation::apply, Named.as("count-statuses"),
                        Materialized.<String, StatusCounts, KeyValueStore<Bytes, byte[]>>as(StatsStores.STATUS_COUNTS)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(EventSerdes.statusCounts()))
                .toStream(Named.as("status-count-changes"))
                .to(Topics.STATUS_COUNTS.name(), Produced.with(Serdes.String(), EventSerdes.statusCounts())
                        .withName("publish-status-counts"));
    }

    private static StatusCounts none() {
        return new StatusCounts(Dimension.all, "all", 0L, 0L, 0L, Instant.EPOCH, null);
    }

    private static StatusCounts apply(String group, StatusDelta delta, StatusCounts counts) {
        DimensionValue dimension = DimensionValue.parse(group);
        counts.setDimension(dimension.dimension());
        counts.setDimensionValue(dimension.value());
        counts.setTenant(dimension.tenant());
        counts.setOpen(counts.getOpen() + delta.open());
        counts.setPending(counts.getPending() + delta.pending());
        counts.setResolved(counts.getResolved() + delta.resolved());
        if (delta.eventTime() > counts.getUpdatedAt().toEpochMilli()) {
            counts.setUpdatedAt(Instant.ofEpochMilli(delta.eventTime()));
        }
        return counts;
    }
}
