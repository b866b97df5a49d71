package dev.threadline.stats.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How stats-streams computes and serves its analytics ({@code threadline.stats.*}).
 *
 * @param applicationId        Kafka Streams application id: consumer group, prefix of internal topics, state directory
 * @param windows              sizes of the tumbling windows of the windowed aggregates
 * @param graces               grace of each window, by position in {@code windows}
 * @param retention            how long closed windows stay queryable (at least size plus grace of each window)
 * @param assistantIsResponder whether an AI assistant's message counts as a response (first response, responder
 *                             sentiment); agents and admins always do
 * @param stateDir             Kafka Streams state directory; default {@code <java.io.tmpdir>/threadline-stats}, under
 *                             which Kafka Streams keeps one directory per application id
 * @param applicationServer    host:port other instances reach this instance's HTTP API at, for forwarded interactive
 *                             queries; default {@code 127.0.0.1:<HTTP port>}
 * @param commitInterval       Kafka Streams commit interval: how often results become visible (exactly-once
 *                             transactions commit at this pace)
 * @param publishInterval      how often each task publishes what changed: each changed conversation's metrics once,
 *                             the windows' new observations and the status moves, summed (at least the commit
 *                             interval; results appear with the commit that follows)
 * @param numStreamThreads     stream threads of this instance
 * @param instanceId           optional stable name of this instance: its consumers then join the group as static
 *                             members, so a restarted instance (a crash, a rolling deploy) takes its partitions back
 *                             at once, without a rebalance or a session timeout; must be unique per instance
 */
@ConfigurationProperties("threadline.stats")
public record StatsConfig(
        @Bindable(defaultValue = "stats-streams") String applicationId,
        @Bindable(defaultValue = "1h,1d") List<Duration> windows,
        @Bindable(defaultValue = "10m,1h") List<Duration> graces,
        @Bindable(defaultValue = "30d") Duration retention,
        @Bindable(defaultValue = "false") boolean assistantIsResponder,
        @Nullable String stateDir,
        @Nullable String applicationServer,
        @Bindable(defaultValue = "100ms") Duration commitInterval,
        @Bindable(defaultValue = "500ms") Duration publishInterval,
        @Bindable(defaultValue = "1") int numStreamThreads,
        @Nullable String instanceId) {

    public StatsConfig {
        Objects.requireNonNull(applicationId, "applicationId");
        windows = List.copyOf(windows);
        graces = List.copyOf(graces);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("threadline.stats.windows names no window");
        }
        if (graces.size() != windows.size()) {
            throw new IllegalArgumentException("threadline.stats.graces needs one grace per window: windows "
                    + windows + ", graces " + graces);
        }
        if (publishInterval.isNegative() || publishInterval.isZero()) {
            throw new IllegalArgumentException("threadline.stats.publish-interval must be positive: " + publishInterval);
        }
        if (numStreamThreads < 1) {
            throw new IllegalArgumentException("threadline.stats.num-stream-threads must be at least 1");
        }
    }

    /** The defaults, as a test or a tool without Micronaut uses them. */
    public static StatsConfig defaults() {
        return new StatsConfig("stats-streams", List.of(Duration.ofHours(1), Duration.ofDays(1)),
                List.of(Duration.ofMinutes(10), Duration.ofHours(1)), Duration.ofDays(30), false, null, null,
                Duration.ofMillis(100), Duration.ofMillis(500), 1, null);
    }

    /** These settings with other windows and graces. */
    public StatsConfig withWindows(List<Duration> otherWindows, List<Duration> otherGraces) {
        return new StatsConfig(applicationId, otherWindows, otherGraces, retention, assistantIsResponder, stateDir,
                applicationServer, commitInterval, publishInterval, numStreamThreads, instanceId);
    }

    /** These settings with the assistant counted as a responder or not. */
    public StatsConfig withAssistantIsResponder(boolean responder) {
        return new StatsConfig(applicationId, windows, graces, retention, responder, stateDir, applicationServer,
                commitInterval, publishInterval, numStreamThreads, instanceId);
    }

    /** These settings for another instance or run: application id, state directory and advertised server. */
    public StatsConfig withInstance(String otherApplicationId, String otherStateDir, @Nullable String otherApplicationServer) {
        return new StatsConfig(otherApplicationId, windows, graces, retention, assistantIsResponder, otherStateDir,
                otherApplicationServer, commitInterval, publishInterval, numStreamThreads, instanceId);
    }

    /** These settings with another commit interval. */
    public StatsConfig withCommitInterval(Duration interval) {
        return new StatsConfig(applicationId, windows, graces, retention, assistantIsResponder, stateDir,
                applicationServer, interval, publishInterval, numStreamThreads, instanceId);
    }

    /** These settings with another publish interval. */
    public StatsConfig withPublishInterval(Duration interval) {
        return new StatsConfig(applicationId, windows, graces, retention, assistantIsResponder, stateDir,
                applicationServer, commitInterval, interval, numStreamThreads, instanceId);
    }

    /** How often the tasks publish: the publish interval, or the commit interval if that is longer. */
    public Duration effectivePublishInterval() {
        return publishInterval.compareTo(commitInterval) < 0 ? commitInterval : publishInterval;
    }

    /** The windows of the aggregates, each with its grace and the retention. */
    public List<WindowSpec> windowSpecs() {
        List<WindowSpec> specs = new ArrayList<>(windows.size());
        for (int i = 0; i < windows.size(); i++) {
            specs.add(new WindowSpec(windows.get(i), graces.get(i), retention));
        }
        return specs;
    }

    /** The state directory Kafka Streams is given. */
    public Path stateDirectory() {
        return stateDir != null && !stateDir.isBlank() ? Path.of(stateDir)
                : Path.of(System.getProperty("java.io.tmpdir"), "threadline-stats");
    }
}
