package dev.threadline.e2e.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline benchmark, run only by the {@code pipeline} Maven profile ({@code bench/pipeline.sh}): the whole stack
 * on loopback under fixed offered rates, one step each, with each consumer's lag, end-to-end latencies, CPU and heap
 * per component, the sustained pipeline rate, a correctness audit and the anchors, written to
 * {@code <pipeline.out>/summary.md}. A benchmark, not a test: a missed target does not fail it, a broken invariant
 * does. Settings: {@link PipelineSettings}.
 */
class PipelineBenchmarkIT {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineBenchmarkIT.class);

    @Test
    void measuresTheSustainedPipelineRateAndKeepsEveryAcknowledgedMessage() throws Exception {
        // Given the settings of bench/pipeline.sh
        PipelineSettings settings = PipelineSettings.fromSystemProperties();
        Files.createDirectories(settings.out());

        // When every step has run and the run was audited
        PipelineRun.Result run = PipelineRun.run(settings);
        Path summary = PipelineReport.write(run);
        LOG.info("Pipeline benchmark summary: {}\n{}", summary, Files.readString(summary));

        // Then nothing acknowledged was lost or miscounted
        assertThat(run.correctness().violations()).as("correctness (see %s)", summary).isEmpty();
    }
}
