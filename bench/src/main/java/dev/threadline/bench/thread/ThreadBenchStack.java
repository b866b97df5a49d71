package dev.threadline.bench.thread;

import dev.threadline.bench.Cli;
import dev.threadline.bench.BenchBroker;
import dev.threadline.localstack.KafkaBrokerProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The infrastructure of the thread-service benchmarks (bench/thread-materialise.sh, bench/thread-queries.sh), and
 * nothing else: PostgreSQL 17 (zonky's embedded binaries, as the local runtime uses them) with the benchmark's server
 * settings, and optionally one Kafka broker with the JVM options of kafka-server-start.sh and the registry's topics.
 * The thread service itself is started by the scripts, from its jar, so they can profile it.
 *
 * <p>Why not EmbeddedPostgresServer: zonky starts PostgreSQL with {@code -F} (fsync off) and
 * {@code synchronous_commit=off} unless told otherwise, which is right for tests and wrong for a throughput figure
 * that claims durability. Here every setting is explicit (defaults below, {@code --pg name=value} overrides) and
 * printed as PostgreSQL reports it ({@code SHOW}).
 *
 * <pre>
 * java -cp bench/target/bench.jar:&lt;bench/target/runtime.classpath&gt; dev.threadline.bench.thread.ThreadBenchStack
 *      --data DIR --pg-port 15433 [--kafka-port 19092 --controller-port 19093] [--pg name=value ...]
 * </pre>
 * Prints "postgres JDBC_URL", "kafka BOOTSTRAP", one "setting name=value" line per setting, then "up", and runs until
 * SIGTERM (the broker stops first, then PostgreSQL). The data directory is kept: the caller wipes it or reuses it.
 */
@Command(name = "ThreadBenchStack", sortOptions = false,
        description = "PostgreSQL 17 with the benchmark's settings (durable: fsync and synchronous_commit on) and "
                + "optionally one Kafka broker with the registry's topics; prints \"postgres-version ..\", one "
                + "\"setting name=value\" per setting, \"postgres ..\", \"kafka ..\", then \"up\", and runs until "
                + "SIGTERM.")
public final class ThreadBenchStack implements Callable<Integer> {

    /** The benchmark's PostgreSQL settings; "durable" ones first. */
    static final Map<String, String> DEFAULT_SETTINGS = new LinkedHashMap<>();

    static {
        // Durability exactly as in production: zonky's defaults (-F, synchronous_commit=off) are overridden.
        DEFAULT_SETTINGS.put("fsync", "on");
        DEFAULT_SETTINGS.put("synchronous_commit", "on");
        DEFAULT_SETTINGS.put("full_page_writes", "on");
        // Memory and checkpoints sized for a 24 GiB machine shared with builds.
        DEFAULT_SETTINGS.put("shared_buffers", "2GB");
        DEFAULT_SETTINGS.put("effective_cache_size", "12GB");
        DEFAULT_SETTINGS.put("work_mem", "32MB");
        DEFAULT_SETTINGS.put("maintenance_work_mem", "1GB");
        DEFAULT_SETTINGS.put("wal_buffers", "64MB");
        DEFAULT_SETTINGS.put("max_wal_size", "16GB");
        DEFAULT_SETTINGS.put("min_wal_size", "1GB");
        DEFAULT_SETTINGS.put("checkpoint_timeout", "15min");
        DEFAULT_SETTINGS.put("checkpoint_completion_target", "0.9");
        DEFAULT_SETTINGS.put("random_page_cost", "1.1");
        DEFAULT_SETTINGS.put("max_parallel_maintenance_workers", "2");
        DEFAULT_SETTINGS.put("jit", "off");
        // Where the time goes: per-statement totals (pg_stat_statements) and I/O timing.
        DEFAULT_SETTINGS.put("shared_preload_libraries", "pg_stat_statements");
        DEFAULT_SETTINGS.put("pg_stat_statements.max", "1000");
        DEFAULT_SETTINGS.put("track_io_timing", "on");
        DEFAULT_SETTINGS.put("log_checkpoints", "on");
        DEFAULT_SETTINGS.put("timezone", "UTC");
        DEFAULT_SETTINGS.put("max_connections", "100");
    }

    private static volatile boolean stopping;

    @Mixin
    Cli.Help help;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "data (DIR/postgres, DIR/kafka) and DIR/logs; kept: the caller wipes or reuses it")
    Path dataDir;

    @Option(names = "--pg-port", paramLabel = "P", required = true, description = "PostgreSQL's port")
    int pgPort;

    @Option(names = "--kafka-port", paramLabel = "P", defaultValue = "0",
            description = "the broker's client port (default: no broker)")
    int kafkaPort;

    @Option(names = "--controller-port", paramLabel = "P", defaultValue = "0", description = "the broker's controller port")
    int controllerPort;

    @Option(names = "--pg", paramLabel = "NAME=VALUE",
            description = "a PostgreSQL setting on top of the defaults (repeatable)")
    Map<String, String> pg = new LinkedHashMap<>();

    public static void main(String[] args) {
        Cli.run(new ThreadBenchStack(), args);
    }

    /** The defaults with the {@code --pg} settings on top, in that order. */
    Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>(DEFAULT_SETTINGS);
        settings.putAll(pg);
        return settings;
    }

    @Override
    public Integer call() throws Exception {
        Path data = dataDir.toAbsolutePath();
        Map<String, String> settings = settings();
        Path logs = data.resolve("logs");
        Files.createDirectories(logs);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true));

        ProcessBuilder.Redirect pgLog = ProcessBuilder.Redirect.appendTo(logs.resolve("postgres.log").toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(data.resolve("postgres"))
                .setCleanDataDirectory(false)
                .setPort(pgPort)
                .setPGStartupWait(java.time.Duration.ofSeconds(120))
                .setOutputRedirector(pgLog)
                .setErrorRedirector(pgLog);
        settings.forEach(builder::setServerConfig);
        EmbeddedPostgres postgres = builder.start(); // registers its own shutdown hook (pg_ctl stop -m fast)
        String adminUrl = "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres";
        try (Connection connection = DriverManager.getConnection(adminUrl, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = 'threadline'")) {
                if (!rows.next()) {
                    statement.execute("CREATE DATABASE threadline");
                }
            }
        }
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + pgPort + "/threadline";
        try (Connection connection = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            List<String> shown = new ArrayList<>();
            for (String name : settings.keySet()) {
                try (ResultSet row = statement.executeQuery("SHOW " + name)) {
                    row.next();
                    shown.add(name + "=" + row.getString(1));
                }
            }
            try (ResultSet row = statement.executeQuery("SELECT version()")) {
                row.next();
                System.out.println("postgres-version " + row.getString(1));
            }
            shown.forEach(s -> System.out.println("setting " + s));
        }
        System.out.println("postgres " + jdbcUrl + " pid " + postmasterPid(data.resolve("postgres")));

        KafkaBrokerProcess kafka = null;
        if (kafkaPort != 0) {
            BenchBroker broker = BenchBroker.start(data, kafkaPort, controllerPort, logs.resolve("kafka.log"));
            kafka = broker.process();
            System.out.println("kafka " + kafka.bootstrapServers() + " (" + broker.created().size() + " topics created)");
        }
        System.out.println("up");
        System.out.flush();
        while (kafka == null || kafka.isRunning()) {
            Thread.sleep(1_000);
            if (stopping) {
                break;
            }
        }
        Thread.sleep(500);
        if (!stopping) {
            System.out.println("failed: the Kafka broker stopped; see " + logs);
            return 1;
        }
        postgres.getPort(); // keep the reference reachable until the shutdown hook closes it
        return 0;
    }

    private static String postmasterPid(Path dataDir) {
        try {
            return Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip();
        } catch (Exception e) {
            return "?";
        }
    }
}
