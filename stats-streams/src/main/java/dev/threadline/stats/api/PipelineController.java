package dev.threadline.stats.api;

import dev.threadline.problem.ProblemResponses;
import dev.threadline.stats.pipeline.PipelineHealth;
import dev.threadline.stats.pipeline.PipelineView;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

/**
 * The pipeline's health: each watched consumer group's lag on conversation-events and the topic's input rate. They are
 * the whole pipeline's, not a tenant's (for {@code ops} and {@code admin}, as every stats route). Asking the brokers
 * blocks.
 */
@Controller("/v1/stats/pipeline")
@ProblemResponses
@ExecuteOn(TaskExecutors.BLOCKING)
class PipelineController {

    private final PipelineHealth health;

    PipelineController(PipelineHealth health) {
        this.health = health;
    }

    @Get
    PipelineView pipeline() {
        return health.current();
    }
}
