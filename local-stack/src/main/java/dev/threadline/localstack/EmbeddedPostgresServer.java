package dev.threadline.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 from zonky's embedded binaries, listening on localhost.
 *
 * <p>The real database without Docker. For {@code ./threadline up} the data directory is kept between runs
 * (zonky runs {@code initdb} only while {@code postgresql.conf} is missing); for tests it is thrown away on close.
 * Authentication is {@code trust}, so the password is a formality. The database {@value #DATABASE} is created if
 * it is missing.
 *
 * <p>Commits are durable: zonky starts the postmaster with {@code -F} (fsync off) and {@code synchronous_commit=off},
 * which lose commits a client was told about when the machine or the postmaster dies; {@link #DURABILITY} overrides
 * both (a {@code -c} after {@code -F} wins), for tests too, which measured no slower.
 *
 * <p>zonky's {@code pg_ctl} daemonises the postmaster, so it is not a child of this JVM: its pid comes from
 * {@code postmaster.pid}, and its exit code is not known.
 */
public final class EmbeddedPostgresServer implements AutoCloseable, SupervisedProcess {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "threadline";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    /** Server settings that make every acknowledged commit survive a crash; they override zonky's. */
    public static final Map<String, String> DURABILITY =
            Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");
    /**
     * Environment variable with more server settings, {@code name=value} separated by commas (e.g.
     * {@code max_wal_size=4GB,checkpoint_timeout=15min}), applied after the defaults: to every PostgreSQL this class
     * starts, for {@code ./threadline up}, the tests and the benchmarks.
     */
    public static final String SETTINGS_VARIABLE = "THREADLINE_POSTGRES_SETTINGS";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(30);
    private static final int PROBE_TIMEOUT_SECONDS = 2;
    private static final String ZONKY_LOCK_FILE = "epg-lock";

    /**
     * Where and how PostgreSQL runs.
     *
     * @param dataDir  the cluster's data directory
     * @param keepData keep {@code dataDir} on close and reuse it on the next start
     * @param port     the port on localhost; 0 picks a free one
     * @param logFile  PostgreSQL's output
     */
    public record Config(Path dataDir, boolean keepData, int port, Path logFile) {

        public Config {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(logFile, "logFile");
        }

        /** A server whose data survives restarts, as {@code ./threadline up} wants it. */
        public static Config persistent(Path dataDir, int port, Path logFile) {
            return new Config(dataDir, true, port, logFile);
        }

        /** A server on a free port whose data directory is deleted on close, as tests want it. */
        public static Config throwaway(Path dataDir, Path logFile) {
            return new Config(dataDir, false, 0, logFile);
        }

        Config withPort(int otherPort) {
            return new Config(dataDir, keepData, otherPort, logFile);
        }
    }

    private final EmbeddedPostgres postgres;
    private final Config config;
    private final long pid;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Config config) {
        this.postgres = postgres;
        this.config = config;
        this.pid = PostmasterPidFile.read(config.dataDir()).map(PostmasterPidFile::pid).orElse(-1L);
    }

    /** Starts PostgreSQL (initialising the data directory if it is new) and creates {@value #DATABASE}. */
    public static EmbeddedPostgresServer start(Config config) {
        if (!config.keepData()) {
            deleteDataDirectory(config);
        }
        return startOn(config);
    }

    private static EmbeddedPostgresServer startOn(Config config) {
        EmbeddedPostgres postgres = launch(config);
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, config);
        try {
            server.createDatabase(DATABASE);
        } catch (RuntimeException e) {
            server.release();
            throw e;
        }
        ShutdownSequence.register(server);
        LOG.info("PostgreSQL answers on port {} with data in {}", server.port(), config.dataDir());
        return server;
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public String name() {
        return "postgres";
    }

    /** The postmaster's process id. */
    @Override
    public long pid() {
        return pid;
    }

    @Override
    public boolean isRunning() {
        return PostmasterPidFile.isRunning(pid);
    }

    @Override
    public String howItEnded() {
        return "exited (pid " + pid + "; its exit code is not known: pg_ctl started it)";
    }

    /** {@code SELECT 1} answers within about two seconds. */
    @Override
    public boolean answers() {
        Properties properties = new Properties();
        properties.setProperty("user", USER);
        properties.setProperty("password", PASSWORD);
        properties.setProperty("connectTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), properties);
                Statement statement = connection.createStatement()) {
            return statement.execute("SELECT 1");
        } catch (SQLException e) {
            return false;
        }
    }

    /** SIGKILL to the postmaster only, as in a crash; its backends notice and exit by themselves. */
    @Override
    public void kill() {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (isRunning() && System.nanoTime() < deadline) {
            pause();
        }
    }

    /**
     * A new postmaster on the same port and data directory, once the old one and its orphaned backends are gone (at
     * most 30 s); PostgreSQL replays its WAL at startup. A postmaster left running by an earlier attempt that gave
     * up waiting for it is killed first: nothing else uses this data directory.
     */
    @Override
    public EmbeddedPostgresServer restarted() {
        awaitReleased();
        release();
        try {
            // A failed start leaves zonky's lock on this file held; a new file is a new lock.
            Files.deleteIfExists(config.dataDir().resolve(ZONKY_LOCK_FILE));
        } catch (IOException e) {
            LOG.warn("Could not delete zonky's lock file in {}", config.dataDir(), e);
        }
        return startOn(config.withPort(port()));
    }

    /** The JDBC URL of the {@value #DATABASE} database. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public Path logFile() {
        return config.logFile();
    }

    /** Creates {@code database} unless it exists and returns its JDBC URL. */
    public String createDatabase(String database) {
        return PostgresDatabases.create(jdbcUrl("postgres"), USER, PASSWORD, database);
    }

    public Config config() {
        return config;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for PostgreSQL's backends to exit", e);
        }
    }

    /** Stops PostgreSQL ({@code pg_ctl stop -m fast}); a throwaway data directory is deleted. */
    @Override
    public void close() {
        release();
        if (!config.keepData()) {
            deleteDataDirectory(config);
        }
    }

    /** {@code pg_ctl stop} if it runs, and zonky's lock on the data directory, which a restart needs. */
    private void release() {
        ShutdownSequence.deregister(this);
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Could not stop PostgreSQL on port {}", port(), e);
        }
    }

    private void awaitReleased() {
        long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
        while (!PostmasterPidFile.read(config.dataDir()).map(PostmasterPidFile::released).orElse(true)) {
            PostmasterPidFile.read(config.dataDir())
                    .filter(left -> PostmasterPidFile.isRunning(left.pid()))
                    .flatMap(left -> ProcessHandle.of(left.pid()))
                    .ifPresent(ProcessHandle::destroyForcibly);
            if (System.nanoTime() > deadline) {
                LOG.warn("The old postmaster or its backends still hold {}; starting anyway", config.dataDir());
                return;
            }
            pause();
        }
    }

    private static void deleteDataDirectory(Config config) {
        try {
            Directories.deleteRecursively(config.dataDir());
        } catch (IOException e) {
            LOG.warn("Could not delete {}", config.dataDir(), e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on port " + port();
    }

    /**
     * The server settings of every start: {@link #DURABILITY}, then {@code extra} ({@link #SETTINGS_VARIABLE}'s form;
     * null or blank: none), which may override them.
     *
     * @throws LocalStackException if {@code extra} holds an item without {@code name=value}
     */
    static Map<String, String> serverSettings(String extra) {
        Map<String, String> settings = new LinkedHashMap<>(DURABILITY);
        if (extra == null || extra.isBlank()) {
            return settings;
        }
        for (String item : extra.split(",")) {
            if (item.isBlank()) {
                continue;
            }
            int equals = item.indexOf('=');
            String name = equals < 0 ? "" : item.substring(0, equals).strip();
            if (name.isEmpty() || !name.matches("[a-z_.]+")) {
                throw new LocalStackException(SETTINGS_VARIABLE + " takes name=value items separated by commas, not '"
                        + item.strip() + "'");
            }
            settings.put(name, item.substring(equals + 1).strip());
        }
        return settings;
    }

    private static EmbeddedPostgres launch(Config config) {
        Map<String, String> settings = serverSettings(System.getenv(SETTINGS_VARIABLE));
        try {
            Files.createDirectories(config.logFile().toAbsolutePath().getParent());
            ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(config.logFile().toFile());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(config.dataDir())
                    // Deleted by this class: a restart must keep even a throwaway server's data.
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .setOutputRedirector(log)
                    .setErrorRedirector(log);
            settings.forEach(builder::setServerConfig);
            if (config.port() != 0) {
                builder.setPort(config.port());
            }
            return builder.start();
        } catch (IOException | RuntimeException e) {
            throw new LocalStackException("PostgreSQL did not start: " + e.getMessage(), config.logFile(),
                    ChildProcess.tail(config.logFile(), 40), e);
        }
    }
}
