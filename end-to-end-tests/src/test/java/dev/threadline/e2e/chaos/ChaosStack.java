package dev.threadline.e2e.chaos;

import dev.threadline.e2e.stats.StatsInstance;
import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.EmbeddedPostgresServer;
import dev.threadline.localstack.InfrastructureEndpoints;
import dev.threadline.localstack.KafkaBrokerProcess;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import dev.threadline.localstack.TopicProvisioner;
import dev.threadline.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The whole pipeline of one chaos run on infrastructure of its own, so that it may be killed: one Kafka broker or a
 * cluster of three (replication factor 3, min ISR 2), a PostgreSQL whose data directory and port survive a restart,
 * and ingest, thread-service and stats-streams from their packaged jars. Every part can be killed with SIGKILL and
 * started again on the same ports and data, which is what the scenarios do. The pipeline benchmark runs on the same
 * stack, tuned as deployed ({@link StackTuning}).
 */
public final class ChaosStack implements AutoCloseable {

    static final Duration HEALTHY = Duration.ofSeconds(120);
    public static final String STATS_APPLICATION = "chaos-stats";
    public static final String THREAD_GROUP = "thread-service";
    /** The thread service's search indexer: its own group, with offsets of its own in {@code consumer_offsets}. */
    public static final String SEARCH_GROUP = THREAD_GROUP + "-search";

    private final Path repo = ServiceProcess.locateRepoRoot();
    private final Path workDir;
    private final StackTuning tuning;
    private final List<KafkaBrokerProcess.Config> brokerConfigs;
    private final KafkaBrokerProcess[] brokers;
    private final EmbeddedPostgresServer.Config postgresConfig;
    private EmbeddedPostgresServer postgres;
    private final int ingestPort = LocalPorts.findFree();
    private final int threadPort = LocalPorts.findFree();
    private final int statsPort = LocalPorts.findFree();
    private ServiceProcess ingest;
    private ServiceProcess thread;
    private ServiceProcess stats;
    private final List<ServiceProcess> extraThreads = new ArrayList<>();
    private int extraCount;

    private ChaosStack(Path workDir, StackTuning tuning, List<KafkaBrokerProcess.Config> brokerConfigs) {
        this.workDir = workDir;
        this.tuning = tuning;
        this.brokerConfigs = brokerConfigs;
        this.brokers = new KafkaBrokerProcess[brokerConfigs.size()];
        this.postgresConfig = EmbeddedPostgresServer.Config.persistent(workDir.resolve("postgres"), LocalPorts.findFree(),
                workDir.resolve("postgres.log"));
    }

    /** Starts infrastructure and services under {@code target/chaos/<name>}; {@code nodes} is 1 or 3. */
    static ChaosStack start(String name, int nodes) {
        return start(ServiceProcess.locateRepoRoot().resolve("end-to-end-tests/target/chaos/stacks").resolve(name), nodes,
                StackTuning.TESTS);
    }

    /** Starts infrastructure and services in {@code workDir}, emptied first; {@code nodes} is 1 or 3. */
    public static ChaosStack start(Path workDir, int nodes, StackTuning tuning) {
        directory(workDir);
        if (tuning.gcLogDir() != null) {
            directory(tuning.gcLogDir());
        }
        if (tuning.jfrDir() != null) {
            // Created, not emptied: the load generator's own recording may be there already.
            try {
                Files.createDirectories(tuning.jfrDir());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Integer> controllerPorts = IntStream.range(0, nodes).mapToObj(i -> LocalPorts.findFree()).toList();
        String clusterId = KafkaBrokerProcess.Membership.newClusterId();
        List<KafkaBrokerProcess.Config> configs = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            List<String> jvmOptions = new ArrayList<>(tuning.brokerJvmOptions());
            jvmOptions.addAll(tuning.recordingOptions("kafka-" + (i + 1)));
            KafkaBrokerProcess.Config config = KafkaBrokerProcess.Config.of(workDir.resolve("kafka-" + (i + 1)),
                    LocalPorts.findFree(), controllerPorts.get(i)).withJvmOptions(jvmOptions);
            configs.add(nodes == 1 ? config : config.withMembership(
                    KafkaBrokerProcess.Membership.ofCluster(i + 1, clusterId, controllerPorts, (short) 3, 2)));
        }
        ChaosStack stack = new ChaosStack(workDir, tuning, configs);
        try {
            stack.startInfrastructure();
            stack.startServices();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startInfrastructure() {
        try (ExecutorService starter = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> starts = new ArrayList<>();
            // The nodes of a cluster must start together: none answers before a quorum of controllers is up.
            for (int i = 0; i < brokers.length; i++) {
                int node = i + 1;
                starts.add(CompletableFuture.runAsync(() -> startBroker(node), starter));
            }
            starts.add(CompletableFuture.runAsync(this::startPostgres, starter));
            starts.forEach(CompletableFuture::join);
        }
        TopicProvisioner.provision(bootstrapServers(), Topics.all(), (short) brokers.length);
    }

    private void startServices() {
        ingest = ingestService();
        thread = threadService(threadPort, "main");
        stats = statsService();
        ingest.awaitHealthy(HEALTHY);
        thread.awaitHealthy(HEALTHY);
        stats.awaitHealthy(HEALTHY);
    }

    public String bootstrapServers() {
        return brokerConfigs.stream().map(c -> "127.0.0.1:" + c.port()).collect(Collectors.joining(","));
    }

    public InfrastructureEndpoints endpoints() {
        return new InfrastructureEndpoints(bootstrapServers(), jdbcUrl(), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresConfig.port() + "/" + EmbeddedPostgresServer.DATABASE;
    }

    public URI ingestUri() {
        return URI.create("http://127.0.0.1:" + ingestPort);
    }

    public URI threadUri() {
        return URI.create("http://127.0.0.1:" + threadPort);
    }

    public URI statsUri() {
        return URI.create("http://127.0.0.1:" + statsPort);
    }

    /**
     * The process ids of what runs now, by name: {@code kafka-<n>}, {@code postgres} (the postmaster; its backends are
     * its children), {@code ingest-service}, {@code thread-service}, {@code stats-streams}; extra thread-service
     * instances are left out.
     */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        for (int i = 0; i < brokers.length; i++) {
            if (brokers[i] != null) {
                pids.put("kafka-" + (i + 1), brokers[i].pid());
            }
        }
        if (postgres != null) {
            pids.put("postgres", postgres.pid());
        }
        pids.put(ThreadlineService.INGEST.module(), ingest.pid());
        pids.put(ThreadlineService.THREAD.module(), thread.pid());
        pids.put(ThreadlineService.STATS.module(), stats.pid());
        return pids;
    }

    int nodes() {
        return brokers.length;
    }

    void killIngest() {
        ingest.kill();
    }

    void startIngest() {
        ingest = ingestService().awaitHealthy(HEALTHY);
    }

    void killThread() {
        thread.kill();
    }

    void startThread() {
        thread = threadService(threadPort, "main").awaitHealthy(HEALTHY);
    }

    void killStats() {
        stats.kill();
    }

    void startStats() {
        stats = statsService().awaitHealthy(HEALTHY);
    }

    /**
     * Makes the stack usable for the next scenario after one that may have broken it for good: a service whose process
     * is gone or whose {@code /health} is not UP is killed and started again, and so is an ingest that does not
     * acknowledge a probe batch. A scenario must not inherit the previous one's damage.
     *
     * @return what was restarted and why, for the report
     */
    List<String> restoreBrokenServices() {
        List<String> restored = new ArrayList<>();
        if (!healthy(thread)) {
            thread.kill();
            startThread();
            restored.add("restarted thread-service (not healthy after the previous scenario)");
        }
        if (!healthy(stats)) {
            stats.kill();
            startStats();
            restored.add("restarted stats-streams (not healthy after the previous scenario)");
        }
        if (!healthy(ingest) || !IngestProbe.acknowledges(ingestUri())) {
            ingest.kill();
            startIngest();
            restored.add("restarted ingest (it no longer acknowledged a batch after the previous scenario)");
        }
        return restored;
    }

    private static boolean healthy(ServiceProcess service) {
        if (!service.isRunning()) {
            return false;
        }
        try {
            service.awaitHealthy(Duration.ofSeconds(10));
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Another thread-service instance in the same consumer group and database: it joins and the group rebalances. */
    void startExtraThread() {
        extraThreads.add(threadService(LocalPorts.findFree(), "extra-" + ++extraCount).awaitHealthy(HEALTHY));
    }

    /** Stops the oldest extra instance cleanly (SIGTERM), as a scale-down does; false if there is none. */
    boolean stopExtraThread() {
        if (extraThreads.isEmpty()) {
            return false;
        }
        extraThreads.removeFirst().close();
        return true;
    }

    void killBroker(int node) {
        brokers[node - 1].kill();
    }

    void startBroker(int node) {
        brokers[node - 1] = KafkaBrokerProcess.start(brokerConfigs.get(node - 1));
    }

    /** What the brokers say about themselves: partition leaders, the active controller, lags. */
    ClusterView cluster() {
        return new ClusterView(bootstrapServers());
    }

    /** SIGKILL to the postmaster; its backends exit by themselves. */
    void killPostgres() {
        postgres.kill();
        postgresKilled = true;
    }

    /** A clean stop ({@code pg_ctl stop -m fast}); the data directory stays. */
    void stopPostgres() {
        postgres.close();
    }

    /** After a kill, waits for the orphaned backends and recovers from the WAL on the same port and data. */
    void startPostgres() {
        postgres = postgresKilled ? postgres.restarted() : EmbeddedPostgresServer.start(postgresConfig);
        postgresKilled = false;
    }

    private boolean postgresKilled;

    private ServiceProcess ingestService() {
        ThreadlineService service = ThreadlineService.INGEST;
        Map<String, String> environment = new HashMap<>(endpoints().asEnvironment());
        environment.put(DevelopmentTokens.SECRET_VARIABLE, DevelopmentTokens.processSecret());
        environment.putAll(tuning.serviceEnvironment(service.module()));
        Path log = repo.resolve(service.module()).resolve("target").resolve(service.module() + "-" + ingestPort + ".log");
        return ServiceProcess.start(new ServiceProcess.Config(service.module(), service.jar(repo), ingestPort, environment, log));
    }

    private ServiceProcess statsService() {
        Path state = workDir.resolve("stats-state");
        Map<String, String> extra = tuning.serviceEnvironment(ThreadlineService.STATS.module());
        return tuning.statsAsDeployed()
                ? StatsInstance.startAsDeployed(repo, endpoints(), STATS_APPLICATION, state, statsPort, extra)
                : StatsInstance.start(repo, endpoints(), STATS_APPLICATION, state, statsPort, null);
    }

    private ServiceProcess threadService(int port, String instance) {
        Map<String, String> environment = new HashMap<>(endpoints().asEnvironment());
        environment.put("THREADLINE_KAFKA_GROUP_ID", THREAD_GROUP);
        environment.put(DevelopmentTokens.SECRET_VARIABLE, DevelopmentTokens.processSecret());
        if (instance.equals("main")) {
            environment.putAll(tuning.serviceEnvironment(ThreadlineService.THREAD.module()));
        }
        Path log = workDir.resolve("thread-service-" + instance + "-" + port + ".log");
        return ServiceProcess.start(new ServiceProcess.Config("thread-service " + instance, ThreadlineService.THREAD.jar(repo),
                port, environment, log));
    }

    @Override
    public void close() {
        for (ServiceProcess service : extraThreads) {
            service.close();
        }
        for (ServiceProcess service : new ServiceProcess[] {ingest, thread, stats}) {
            if (service != null) {
                service.close();
            }
        }
        for (KafkaBrokerProcess broker : brokers) {
            if (broker != null) {
                broker.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static Path directory(Path path) {
        try {
            if (Files.exists(path)) {
                deleteTree(path);
            }
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        try (var walk = Files.walk(path)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
