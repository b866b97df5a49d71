package dev.threadline.thread.view;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Conversations started in [{@code from}, {@code to}): how many, by status, kind and priority, how
 * long the resolved ones took, and who started the most. Soft-deleted conversations are left out.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Serdeable
public record SummaryReport(
        Instant from,
        Instant to,
        long started,
        Map<String, Long> byStatus,
        ResolutionTime resolutionTime,
        Map<String, Long> byKind,
        Map<String, Long> byPriority,
        List<Starter> topStarters) {

    /**
     * Resolution time, {@code resolved_at - started_at}, of the conversations that are resolved now
     * (a reopened one counts from its start to its latest resolution); null values when none is.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ResolutionTime(long resolved, @Nullable Double averageSeconds, @Nullable Double p50Seconds,
                                 @Nullable Double p90Seconds) {
    }

    /** A user by the number of conversations they started ({@code created_by}). */
    @Serdeable
    public record Starter(String userId, long conversations) {
    }
}
