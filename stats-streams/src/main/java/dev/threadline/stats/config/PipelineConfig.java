package dev.threadline.stats.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;

/**
 * What {@code GET /v1/stats/pipeline} watches ({@code threadline.pipeline.*}).
 *
 * @param groups  the consumer groups of conversation-events whose lag it reports; default this instance's
 *                application id and {@code thread-service}
 * @param refresh how long one look at the brokers answers every request: console polls within it cost the brokers
 *                nothing
 */
@ConfigurationProperties("threadline.pipeline")
public record PipelineConfig(@Nullable List<String> groups, @Bindable(defaultValue = "1s") Duration refresh) {

    /** thread-service's group id as its application.yml has it. */
    public static final String THREAD_SERVICE_GROUP = "thread-service";

    public PipelineConfig {
        groups = groups == null ? List.of() : groups.stream().map(String::trim).filter(g -> !g.isEmpty()).toList();
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("threadline.pipeline.refresh cannot be negative: " + refresh);
        }
    }

    /** The groups to report: the configured ones, else {@code applicationId} and {@value #THREAD_SERVICE_GROUP}. */
    public List<String> groupsOr(String applicationId) {
        return groups.isEmpty() ? List.of(applicationId, THREAD_SERVICE_GROUP) : groups;
    }
}
