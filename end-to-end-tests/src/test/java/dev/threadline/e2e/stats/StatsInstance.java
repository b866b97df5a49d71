package dev.threadline.e2e.stats;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.InfrastructureEndpoints;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts stats-streams from its packaged jar, configured like a deployment through its environment: application id,
 * state directory, windows, graces and optionally a static instance id. The tests' windows are short (5 s and 1 h)
 * and their grace longer than any lateness in the shared event log, so nothing is dropped from a window.
 */
public final class StatsInstance {

    public static final List<Duration> WINDOWS = List.of(Duration.ofSeconds(5), Duration.ofHours(1));
    static final List<String> WINDOW_NAMES = List.of("5s", "1h");

    private StatsInstance() {
    }

    public static ServiceProcess start(Path repo, InfrastructureEndpoints infra, String applicationId, Path stateDir, int port,
                                String instanceId) {
        return start(repo, infra, applicationId, stateDir, port, instanceId, Map.of());
    }

    /** As {@link #start(Path, InfrastructureEndpoints, String, Path, int, String)}, with {@code extra} settings. */
    public static ServiceProcess start(Path repo, InfrastructureEndpoints infra, String applicationId, Path stateDir, int port,
                                       String instanceId, Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(infra.asEnvironment());
        environment.putAll(extra);
        environment.put("THREADLINE_STATS_APPLICATION_ID", applicationId);
        environment.put("THREADLINE_STATS_STATE_DIR", stateDir.toString());
        environment.put("THREADLINE_STATS_WINDOWS", String.join(",", WINDOW_NAMES));
        environment.put("THREADLINE_STATS_GRACES", WINDOWS.stream().map(w -> "3650d").collect(Collectors.joining(",")));
        environment.put("THREADLINE_STATS_COMMIT_INTERVAL", "100ms");
        if (instanceId != null) {
            environment.put("THREADLINE_STATS_INSTANCE_ID", instanceId);
        }
        return start(repo, applicationId, port, environment);
    }

    /**
     * stats-streams as deployed: its own default windows, graces, commit interval and stream threads; only the
     * application id, the state directory and {@code extra} are set.
     */
    public static ServiceProcess startAsDeployed(Path repo, InfrastructureEndpoints infra, String applicationId, Path stateDir,
                                                 int port, Map<String, String> extra) {
        Map<String, String> environment = new HashMap<>(infra.asEnvironment());
        environment.put("THREADLINE_STATS_APPLICATION_ID", applicationId);
        environment.put("THREADLINE_STATS_STATE_DIR", stateDir.toString());
        environment.putAll(extra);
        return start(repo, applicationId, port, environment);
    }

    private static ServiceProcess start(Path repo, String applicationId, int port, Map<String, String> environment) {
        // Verifies the tokens this JVM mints (StatsApi).
        environment.putIfAbsent(DevelopmentTokens.SECRET_VARIABLE, DevelopmentTokens.processSecret());
        ThreadlineService stats = ThreadlineService.STATS;
        Path log = repo.resolve(stats.module()).resolve("target").resolve(stats.module() + "-" + applicationId + "-" + port + ".log");
        return ServiceProcess.start(new ServiceProcess.Config(stats.module(), stats.jar(repo), port, environment, log));
    }
}
