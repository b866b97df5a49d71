package dev.threadline.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL 17 from zonky's embedded binaries, listening on localhost.
 *
 * <p>The real database without Docker. For {@code ./threadline up} the data directory is kept between runs
 * (zonky runs {@code initdb} only while {@code postgresql.conf} is missing); for tests it is thrown away on close.
 * Authentication is {@code trust}, so the password is a formality. The database {@value #DATABASE} is created if
 * it is missing.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    public static final String DATABASE = "threadline";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration BACKEND_EXIT = Duration.ofSeconds(10);

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
    }

    private final EmbeddedPostgres postgres;
    private final Config config;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Config config) {
        this.postgres = postgres;
        this.config = config;
    }

    /** Starts PostgreSQL (initialising the data directory if it is new) and creates {@value #DATABASE}. */
    public static EmbeddedPostgresServer start(Config config) {
        EmbeddedPostgres postgres = launch(config);
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, config);
        try {
            server.createDatabase(DATABASE);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        ShutdownSequence.register(server);
        LOG.info("PostgreSQL answers on port {} with data in {}", server.port(), config.dataDir());
        return server;
    }

    public int port() {
        return postgres.getPort();
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

    /** The process id of the postmaster: the first line of {@code postmaster.pid} in the data directory. */
    public long postmasterPid() {
        try {
            return Long.parseLong(Files.readAllLines(config.dataDir().resolve("postmaster.pid")).getFirst().strip());
        } catch (IOException | RuntimeException e) {
            throw new LocalStackException("Cannot read the postmaster's pid in " + config.dataDir(), e);
        }
    }

    /**
     * Kills the postmaster with SIGKILL, as a crash would, and waits until its backends noticed and exited, so that
     * {@link #start(Config)} on the same persistent data directory and port recovers from the WAL.
     */
    public void kill() {
        ShutdownSequence.deregister(this);
        ProcessHandle postmaster = ProcessHandle.of(postmasterPid())
                .orElseThrow(() -> new LocalStackException("The postmaster of " + this + " is not running"));
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        postmaster.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        long deadline = System.nanoTime() + BACKEND_EXIT.toNanos();
        while (backends.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            pause();
        }
        // A backend that has not noticed its postmaster's death would keep the shared memory in use.
        backends.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            postgres.close(); // pg_ctl stop fails on the dead server; this releases zonky's lock on the data directory
        } catch (IOException e) {
            LOG.debug("Releasing the killed PostgreSQL on port {}", port(), e);
        }
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
        ShutdownSequence.deregister(this);
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Could not stop PostgreSQL on port {}", port(), e);
        }
    }

    @Override
    public String toString() {
        return "PostgreSQL on port " + port();
    }

    private static EmbeddedPostgres launch(Config config) {
        try {
            Files.createDirectories(config.logFile().toAbsolutePath().getParent());
            ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(config.logFile().toFile());
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(config.dataDir())
                    .setCleanDataDirectory(!config.keepData())
                    .setPGStartupWait(STARTUP_TIMEOUT)
                    .setOutputRedirector(log)
                    .setErrorRedirector(log);
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
