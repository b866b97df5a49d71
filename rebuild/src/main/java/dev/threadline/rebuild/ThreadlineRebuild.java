package dev.threadline.rebuild;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.InfrastructureEndpoints;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.PostgresDatabases;
import dev.threadline.localstack.ProgressText;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import dev.threadline.security.KafkaClientSecurity;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./threadline rebuild}: rebuilds the thread-service read model (conversations, participants, messages, search
 * index) from conversation-events into a fresh database (docs/lifecycle.md, "Rebuild"). It runs a thread-service of its
 * own with a consumer group of its own against that database, shows its progress through the log as it was when the
 * rebuild began, then lets it catch up with the live read model and compares the two conversation by conversation.
 *
 * <p>Exit codes: 0 rebuilt (and, unless {@code --no-compare}, identical to the live read model); 1 rebuilt, but
 * conversations differ (listed); 2 a usage error or a database that is not empty; 3 the rebuild did not finish within
 * {@code --timeout}, or its service failed.
 */
@Command(name = "threadline rebuild", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Rebuilds the thread-service read model from conversation-events into a fresh database, with "
                + "progress, and compares it with the live one (docs/lifecycle.md).")
public final class ThreadlineRebuild implements Callable<Integer> {

    static final String PREFIX = "threadline rebuild: ";

    @Option(names = "--bootstrap-servers", description = "Kafka (default: KAFKA_BOOTSTRAP_SERVERS, else the local stack's)")
    String bootstrapServers;

    @Option(names = "--live", paramLabel = "JDBC_URL",
            description = "the live read model (default: JDBC_URL, else the local stack's jdbc:postgresql://127.0.0.1:5433/threadline)")
    String live;

    @Option(names = "--live-group", defaultValue = "thread-service",
            description = "the live thread-service's consumer group, THREADLINE_KAFKA_GROUP_ID (default: ${DEFAULT-VALUE})")
    String liveGroup;

    @Option(names = "--into", paramLabel = "JDBC_URL",
            description = "an empty database to rebuild into (default: a new database threadline_rebuild_<time> beside --live)")
    String into;

    @Option(names = "--user", description = "database user (default: JDBC_USER, else postgres)")
    String user;

    @Option(names = "--password", description = "database password (default: JDBC_PASSWORD, else postgres)")
    String password;

    @Option(names = "--group", description = "the rebuild's consumer group (default: thread-service-rebuild-<time>); a "
            + "thread-service switched to the rebuilt database must run with it")
    String group;

    @Option(names = "--timeout", defaultValue = "PT2H", description = "how long the rebuild may take (default: 2 h)")
    Duration timeout;

    @Option(names = "--settle", defaultValue = "PT30S",
            description = "how long differing conversations are compared again while both read models catch up (default: 30 s)")
    Duration settle;

    @Option(names = "--no-compare", description = "rebuild only; do not compare with the live read model")
    boolean noCompare;

    @Option(names = "--compare-only", description = "compare the database of --into (rebuilt earlier with --group) with "
            + "the live read model; rebuild nothing")
    boolean compareOnly;

    @Option(names = "--keep-running", description = "leave the rebuild's thread-service running, consuming, at the end")
    boolean keepRunning;

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    ThreadlineRebuild(Map<String, String> environment, PrintStream out, PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs the command with {@code args}; returns its exit code. */
    public static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        CommandLine command = new CommandLine(new ThreadlineRebuild(environment, out, err));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        InfrastructureEndpoints stack = InfrastructureEndpoints.localStack(environment);
        String kafka = first(bootstrapServers, environment.get(InfrastructureEndpoints.KAFKA_BOOTSTRAP_SERVERS),
                stack.kafkaBootstrapServers());
        String liveUrl = first(live, environment.get(InfrastructureEndpoints.JDBC_URL), stack.jdbcUrl());
        String dbUser = first(user, environment.get(InfrastructureEndpoints.JDBC_USER), stack.jdbcUser());
        String dbPassword = first(password, environment.get(InfrastructureEndpoints.JDBC_PASSWORD), stack.jdbcPassword());
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss"));
        if (compareOnly && (into == null || group == null)) {
            err.println(PREFIX + "--compare-only compares an earlier rebuild: give its --into and --group");
            return 2;
        }
        String rebuildGroup = group != null ? group : "thread-service-rebuild-" + stamp.replace('_', '-');
        String target = into != null ? into : PostgresDatabases.create(liveUrl, dbUser, dbPassword, "threadline_rebuild_" + stamp);
        if (compareOnly) {
            return compare(liveUrl, target, dbUser, dbPassword, rebuildGroup);
        }
        if (!LogPositions.stored(target, dbUser, dbPassword, rebuildGroup).isEmpty()
                || !LogPositions.stored(target, dbUser, dbPassword, liveGroup).isEmpty()) {
            err.println(PREFIX + target + " already holds a read model; rebuild into an empty database (or compare with "
                    + "--compare-only)");
            return 2;
        }
        Map<String, Object> clients = new HashMap<>(kafkaSecurity());
        clients.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        Map<String, Object> reader = new HashMap<>(clients);
        reader.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        reader.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        LogPositions.Span span;
        try (Admin client = Admin.create(clients);
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(reader, new ByteArrayDeserializer(),
                     new ByteArrayDeserializer())) {
            span = LogPositions.span(client, consumer);
        }
        out.printf(Locale.ROOT, PREFIX + "rebuilding %,d offsets of conversation-events (%d partitions) into %s, "
                + "consumer group %s%n", span.events(), span.end().size(), target, rebuildGroup);
        ServiceProcess service = startService(kafka, target, dbUser, dbPassword, rebuildGroup, stamp);
        boolean stop = true;
        try {
            long began = System.nanoTime();
            if (!follow(service, span, target, dbUser, dbPassword, rebuildGroup)) {
                return 3;
            }
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            out.printf(Locale.ROOT, PREFIX + "rebuilt %,d log offsets in %s (%,.0f offsets/s)%n", span.events(), format(took),
                    span.events() / Math.max(took.toNanos() / 1e9, 1e-3));
            int outcome = noCompare ? 0 : compare(liveUrl, target, dbUser, dbPassword, rebuildGroup);
            if (keepRunning) {
                stop = false;
                out.println(PREFIX + "the rebuild's thread-service goes on at " + service.baseUri() + " (log "
                        + service.logFile() + ")");
            }
            out.println(PREFIX + "to serve from the rebuilt read model, run thread-service with JDBC_URL=" + target
                    + " and THREADLINE_KAFKA_GROUP_ID=" + rebuildGroup);
            return outcome;
        } finally {
            if (stop) {
                service.close();
            }
        }
    }

    private ServiceProcess startService(String kafka, String target, String dbUser, String dbPassword, String rebuildGroup,
                                        String stamp) {
        Path repo = ServiceProcess.locateRepoRoot();
        Map<String, String> settings = new HashMap<>(new InfrastructureEndpoints(kafka, target, dbUser, dbPassword).asEnvironment());
        settings.put("THREADLINE_KAFKA_GROUP_ID", rebuildGroup);
        String secret = environment.get(DevelopmentTokens.SECRET_VARIABLE);
        settings.put(DevelopmentTokens.SECRET_VARIABLE, secret != null && !secret.isBlank() ? secret
                : DevelopmentTokens.stackSecret(environment));
        int port = LocalPorts.findFree();
        Path log = repo.resolve(ThreadlineService.THREAD.module()).resolve("target")
                .resolve("thread-service-rebuild-" + stamp + ".log");
        ServiceProcess service = ServiceProcess.start(new ServiceProcess.Config("thread-service (rebuild)",
                ThreadlineService.THREAD.jar(repo), port, settings, log));
        service.awaitHealthy(Duration.ofMinutes(2));
        return service;
    }

    /** Shows the rebuild's progress until both projections reached the span's end; false if it failed or timed out. */
    private boolean follow(ServiceProcess service, LogPositions.Span span, String target, String dbUser, String dbPassword,
                           String rebuildGroup) throws SQLException, InterruptedException {
        RebuildProgress progress = new RebuildProgress(err, span.events());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection connection = DriverManager.getConnection(target, dbUser, dbPassword)) {
            while (true) {
                Map<Integer, Long> readModel = LogPositions.stored(connection, rebuildGroup);
                Map<Integer, Long> search = LogPositions.stored(connection, rebuildGroup + "-search");
                progress.show(span.applied(readModel), span.applied(search));
                if (span.reached(readModel) && span.reached(search)) {
                    progress.close();
                    return true;
                }
                if (!service.isRunning()) {
                    progress.close();
                    err.println(PREFIX + "the rebuild's thread-service stopped; see " + service.logFile());
                    return false;
                }
                if (System.nanoTime() > deadline) {
                    progress.close();
                    err.println(PREFIX + "not done within " + format(timeout) + "; the database " + target
                            + " holds what was applied (run again into an empty database)");
                    return false;
                }
                Thread.sleep(500);
            }
        }
    }

    /**
     * Compares the rebuilt read model with the live one: first once the rebuild has caught up with where the live one is,
     * then the differing conversations again while both catch up (events still arriving), for at most {@code --settle}.
     */
    private int compare(String liveUrl, String target, String dbUser, String dbPassword, String rebuildGroup)
            throws SQLException, InterruptedException {
        try (Connection liveDb = DriverManager.getConnection(liveUrl, dbUser, dbPassword);
             Connection rebuiltDb = DriverManager.getConnection(target, dbUser, dbPassword)) {
            long deadline = System.nanoTime() + settle.toNanos();
            Map<Integer, Long> liveAt = LogPositions.stored(liveDb, liveGroup);
            if (liveAt.isEmpty()) {
                err.println(PREFIX + liveUrl + " has no stored offsets of consumer group " + liveGroup
                        + "; give the live thread-service's group with --live-group");
                return 2;
            }
            // The rebuild catches up with the live read model's position (a rebuild behind it would differ for sure).
            while (!reaches(LogPositions.stored(rebuiltDb, rebuildGroup), liveAt) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            ReadModelDigests.Outcome outcome = ReadModelDigests.compare(liveDb, rebuiltDb);
            List<ReadModelDigests.Difference> differences = outcome.differences();
            while (!differences.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                differences = ReadModelDigests.recheck(liveDb, rebuiltDb,
                        differences.stream().map(ReadModelDigests.Difference::conversationId).toList());
            }
            if (differences.isEmpty()) {
                out.printf(Locale.ROOT, PREFIX + "compared %,d conversations with the live read model: identical%n",
                        outcome.compared());
                return 0;
            }
            out.printf(Locale.ROOT, PREFIX + "compared %,d conversations with the live read model: %,d differ%n",
                    outcome.compared(), differences.size());
            differences.stream().limit(20).forEach(difference -> out.println("  " + difference.conversationId() + ": "
                    + String.join(", ", difference.parts())));
            if (differences.size() > 20) {
                out.printf(Locale.ROOT, "  … and %,d more%n", differences.size() - 20);
            }
            return 1;
        }
    }

    private static boolean reaches(Map<Integer, Long> stored, Map<Integer, Long> target) {
        return target.entrySet().stream().allMatch(e -> stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    private Map<String, Object> kafkaSecurity() {
        return KafkaClientSecurity.properties(
                environment.getOrDefault("THREADLINE_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT"),
                environment.getOrDefault("THREADLINE_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512"),
                environment.get("THREADLINE_KAFKA_SASL_USERNAME"), environment.get("THREADLINE_KAFKA_SASL_PASSWORD"),
                environment.get("THREADLINE_KAFKA_SSL_TRUSTSTORE_LOCATION"),
                environment.get("THREADLINE_KAFKA_SSL_TRUSTSTORE_PASSWORD"));
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        throw new IllegalStateException("no value");
    }

    static String format(Duration duration) {
        return ProgressText.clock(duration.toSeconds());
    }
}
