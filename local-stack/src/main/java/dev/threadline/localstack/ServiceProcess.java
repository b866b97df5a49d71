package dev.threadline.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One Threadline service running from its packaged jar as its own JVM, as it runs in production.
 *
 * <p>Used by {@code ./threadline up} and by the end-to-end tests, which treat the services as black boxes. The
 * service is configured only through its environment: {@code MICRONAUT_SERVER_PORT} and the variables of
 * {@link InfrastructureEndpoints}.
 */
public final class ServiceProcess implements AutoCloseable, SupervisedProcess {

    /**
     * The system property with JVM options added to every service this JVM starts, separated by spaces: the
     * end-to-end tests compile their services with C1 only; {@code ./threadline up} and the benchmarks do not set it.
     */
    public static final String JVM_OPTIONS_PROPERTY = "threadline.service.jvm-options";

    /** The system property that names the repository root (set by {@code ./threadline} and by Maven). */
    public static final String REPO_ROOT_PROPERTY = "threadline.repo.root";

    /** Where a service says whether it can serve; open without a token, unlike the detailed {@code /health}. */
    static final String READINESS = "/health/readiness";
    private static final Pattern STATUS_UP = Pattern.compile("\"status\"\\s*:\\s*\"UP\"");
    private static final Duration POLL = Duration.ofMillis(250);
    /** How long a restarted service may take to report UP, as {@code ./threadline up} allows at its start. */
    static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);

    /**
     * How to run a service.
     *
     * @param name        for messages and logs
     * @param jar         the runnable jar
     * @param port        the HTTP port on 127.0.0.1
     * @param environment added to this JVM's environment, e.g. {@link InfrastructureEndpoints#asEnvironment()}
     * @param logFile     the service's stdout and stderr
     */
    public record Config(String name, Path jar, int port, Map<String, String> environment, Path logFile) {

        public Config {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(jar, "jar");
            environment = Map.copyOf(environment);
            Objects.requireNonNull(logFile, "logFile");
        }
    }

    private final Config config;
    private final ChildProcess process;

    private ServiceProcess(Config config, ChildProcess process) {
        this.config = config;
        this.process = process;
    }

    /**
     * Starts {@code service} from {@code <repoRoot>/<module>/target/<module>.jar} against {@code endpoints}, logging to
     * {@code <module>/target/<module>-<port>.log}. Call {@link #awaitHealthy(Duration)} before using it.
     */
    public static ServiceProcess start(Path repoRoot, ThreadlineService service, int port, InfrastructureEndpoints endpoints) {
        return start(repoRoot, service, port, endpoints, Map.of());
    }

    /**
     * As {@link #start(Path, ThreadlineService, int, InfrastructureEndpoints)}, with {@code settings} added to the
     * service's environment: e.g. a consumer group of its own ({@code THREADLINE_KAFKA_GROUP_ID}) for a thread service
     * that shares a broker with others but not their database.
     */
    public static ServiceProcess start(Path repoRoot, ThreadlineService service, int port, InfrastructureEndpoints endpoints,
            Map<String, String> settings) {
        Path logFile = repoRoot.resolve(service.module()).resolve("target").resolve(service.module() + "-" + port + ".log");
        Map<String, String> environment = new HashMap<>(endpoints.asEnvironment());
        // It verifies the tokens this JVM mints (DevelopmentTokens.processToken).
        environment.put(DevelopmentTokens.SECRET_VARIABLE, DevelopmentTokens.processSecret());
        environment.putAll(settings);
        return start(new Config(service.module(), service.jar(repoRoot), port, environment, logFile));
    }

    /**
     * Starts a service as {@code java <jdk flags> -Xmx512m <class data archive> -jar <jar>}: the archive beside the jar
     * ({@link ClassDataArchive}) is written at the service's first clean stop and halves the CPU of later starts.
     */
    public static ServiceProcess start(Config config) {
        if (!Files.isRegularFile(config.jar())) {
            throw new LocalStackException(config.name() + " is not built: " + config.jar()
                    + " is missing; build it with ./mvnw -DskipTests package");
        }
        Map<String, String> environment = new HashMap<>(config.environment());
        environment.put("MICRONAUT_SERVER_PORT", Integer.toString(config.port()));
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m"));
        jvmOptions.addAll(ClassDataArchive.of(config.jar()).jvmOptions());
        String extra = System.getProperty(JVM_OPTIONS_PROPERTY, "").strip();
        if (!extra.isEmpty()) {
            jvmOptions.addAll(List.of(extra.split("\\s+")));
        }
        List<String> command = JavaCommand.ofCurrentJvm().jar(jvmOptions, config.jar());
        ServiceProcess service = new ServiceProcess(config, ChildProcess.start(config.name(), command, environment, config.logFile()));
        ShutdownSequence.register(service);
        return service;
    }

    /**
     * Waits until {@code GET /health/readiness} (open to anonymous callers, as probes are) answers 200 with status UP.
     *
     * @throws LocalStackException if the service exits first or is not healthy within {@code timeout}
     */
    public ServiceProcess awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(baseUri().resolve(READINESS)).timeout(Duration.ofSeconds(2)).GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isUp(http, health)) {
            if (!process.isAlive()) {
                throw process.exitedUnexpectedly("before it was healthy");
            }
            if (System.nanoTime() > deadline) {
                throw process.notReady("report " + READINESS + " UP", timeout);
            }
            sleep();
        }
        return this;
    }

    @Override
    public String name() {
        return config.name();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public String howItEnded() {
        return "exited with code " + process.exitCode();
    }

    /**
     * {@code GET /health/readiness} gets any answer within two seconds: DOWN counts as an answer, because a service reports DOWN
     * while PostgreSQL or Kafka is away and restarting it would not help.
     */
    @Override
    public boolean answers() {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            http.send(HttpRequest.newBuilder(baseUri().resolve(READINESS)).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The same service started again from its jar, returned once {@code /health/readiness} says UP. */
    @Override
    public ServiceProcess restarted() {
        close();
        ServiceProcess replacement = start(config);
        try {
            return replacement.awaitHealthy(STARTUP_TIMEOUT);
        } catch (RuntimeException e) {
            replacement.close();
            throw e;
        }
    }

    public int port() {
        return config.port();
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + config.port());
    }

    @Override
    public Path logFile() {
        return config.logFile();
    }

    @Override
    public boolean isRunning() {
        return process.isAlive();
    }

    /** Kills the service with SIGKILL, as a crash or an OOM killer would: nothing runs on the way out. */
    @Override
    public void kill() {
        ShutdownSequence.deregister(this);
        process.kill();
    }

    /** Stops the service: SIGTERM, a clean shutdown of up to 20 s, then SIGKILL. */
    @Override
    public void close() {
        ShutdownSequence.deregister(this);
        process.stop(ChildProcess.STOP_GRACE);
    }

    @Override
    public String toString() {
        return config.name() + " on port " + config.port();
    }

    /**
     * The repository root: the {@value #REPO_ROOT_PROPERTY} system property, else the nearest directory at or above
     * the working directory that holds {@code mvnw} and {@code local-stack/}.
     */
    public static Path locateRepoRoot() {
        String property = System.getProperty(REPO_ROOT_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("local-stack"))) {
                return dir;
            }
        }
        throw new LocalStackException("Cannot find the Threadline repository root; set -D" + REPO_ROOT_PROPERTY);
    }

    private static boolean isUp(HttpClient http, HttpRequest health) {
        try {
            HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && STATUS_UP.matcher(response.body()).find();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for a service to be healthy", e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("Interrupted while waiting for a service to be healthy", e);
        }
    }
}
