package dev.threadline.stats.pipeline;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * How far the pipeline is behind conversation-events, as {@code GET /v1/stats/pipeline} returns it. Offsets count
 * records and transaction markers alike (ingest writes in transactions), so a caught-up group may show a lag of a
 * few offsets with {@code secondsBehind} 0.
 *
 * @param at              when the brokers were asked
 * @param topic           {@code conversation-events}
 * @param partitions      its partitions
 * @param endOffsets      the sum of its partitions' read_committed end offsets (last stable offsets)
 * @param inputRate       offsets per second added to the topic since the oldest look of the last
 *                        {@value PipelineHealth#RATE_SPAN_SECONDS} s; null on the first look
 * @param groups          each watched consumer group
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PipelineView(Instant at, String topic, int partitions, long endOffsets, @Nullable Double inputRate,
                           List<GroupLag> groups) {

    public PipelineView {
        groups = List.copyOf(groups);
    }

    /**
     * One consumer group's lag on the topic.
     *
     * @param group         the group id
     * @param state         the broker's view of the group ({@code Stable}, {@code Empty}, {@code Dead} for a group it
     *                      does not know, …)
     * @param members       members of the group now
     * @param lag           end offsets minus committed offsets, summed over the partitions (a partition without a
     *                      committed offset counts from its log start); null if they could not be read
     * @param secondsBehind age of the oldest record the group has not consumed (now minus the record's timestamp,
     *                      the largest over the partitions); 0 when nothing but transaction markers is left; null
     *                      when it could not be read in time
     * @param consumeRate   committed offsets per second over the same span as the input rate; null on the first look
     * @param error         why the committed offsets could not be read (e.g. this service may not describe the
     *                      group); null when they were
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record GroupLag(String group, String state, int members, @Nullable Long lag, @Nullable Double secondsBehind,
                           @Nullable Double consumeRate, @Nullable String error) {
    }
}
