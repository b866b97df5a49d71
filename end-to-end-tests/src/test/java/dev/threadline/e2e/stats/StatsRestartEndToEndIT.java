package dev.threadline.e2e.stats;

import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import dev.threadline.testkit.Eventually;
import dev.threadline.testkit.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Exactly-once under a crash: stats-streams is killed with SIGKILL while it consumes a burst of messages, more
 * events arrive while it is down, and it is started again with the same application id, state directory and
 * instance id. It must end with the aggregates of an uninterrupted run, i.e. those of {@link StatsReference}: every
 * count exact, nothing counted twice or lost.
 */
class StatsRestartEndToEndIT {

    private final TestInfrastructure infra = TestInfrastructure.shared();
    private final Path repo = ServiceProcess.locateRepoRoot();

    @Test
    void killedAndRestartedInstanceEndsWithTheAggregatesOfAnUninterruptedRun() throws Exception {
        // Given the ingest service and one stats-streams instance with a static instance id
        String run = UUID.randomUUID().toString().substring(0, 8);
        String applicationId = "stats-restart-" + run;
        Path state = Files.createTempDirectory("stats-restart-");
        int port = LocalPorts.findFree();
        ServiceProcess ingest = ServiceProcess.start(repo, ThreadlineService.INGEST, LocalPorts.findFree(), infra.endpoints());
        ServiceProcess stats = StatsInstance.start(repo, infra.endpoints(), applicationId, state, port, "restart-" + run);
        try {
            ingest.awaitHealthy(Duration.ofSeconds(90));
            stats.awaitHealthy(Duration.ofSeconds(90));
            StatsApi api = new StatsApi(stats.baseUri());
            StatsScript script = StatsScript.generate(120, 0, 7);
            try (IngestCommands commands = new IngestCommands(ingest.baseUri(), infra.kafkaBootstrapServers(), null)) {
                ScriptRun steps = new ScriptRun(script, commands, infra.kafkaBootstrapServers());
                var startedAt = steps.start();
                Eventually.untilPasses(Duration.ofSeconds(60), StatsChecks.RETRY, () -> StatsChecks.statusCountsMatch(api,
                        StatsReference.of(EventLog.readAll(infra.kafkaBootstrapServers()), StatsInstance.WINDOWS)));

                // When it is killed right after a burst of messages was published, while it consumes them
                List<Step> messages = steps.messages(startedAt);
                stats.kill();
                // And the status changes arrive while it is down
                steps.statusChanges(messages);
                var log = steps.awaitLog();

                // And it is started again with the same application id, state directory and instance id
                stats = StatsInstance.start(repo, infra.endpoints(), applicationId, state, port, "restart-" + run);
                stats.awaitHealthy(Duration.ofSeconds(90));

                // Then its conversations, status counts and windows are exactly those of an uninterrupted run
                StatsReference reference = StatsReference.of(log, StatsInstance.WINDOWS);
                Eventually.untilPasses(Duration.ofSeconds(60), StatsChecks.RETRY, () -> {
                    StatsChecks.statusCountsMatch(api, reference);
                    StatsChecks.conversationsMatch(api, reference, steps.ids());
                });
                StatsChecks.windowsMatch(api, reference);
            }
        } finally {
            stats.close();
            ingest.close();
        }
    }
}
