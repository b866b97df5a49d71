package dev.threadline.stats.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** The open/pending/resolved counts of every group of one dimension, as {@code GET /v1/stats/status-counts} returns them. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record StatusCountsView(String dimension, List<Group> groups) {

    public StatusCountsView {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** One group's counts; {@code updatedAt} is the event time of the latest change. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Group(String value, long open, long pending, long resolved, @Nullable Instant updatedAt) {
    }
}
