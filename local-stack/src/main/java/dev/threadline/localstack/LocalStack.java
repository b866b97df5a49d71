package dev.threadline.localstack;

import dev.threadline.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything {@code ./threadline up} runs: PostgreSQL, the Kafka broker, the registry's topics and the three
 * services, started in that order, supervised while they run, and stopped in the reverse order.
 *
 * <p>Once everything is up, each component has a {@link ComponentSupervisor} that restarts it when its process
 * ends and reports when it stops answering. A chaos test uses the same machinery through a small API:
 * {@link #startOnFreePorts(Path, Consumer)}, {@link #pid(StackComponent)}, {@link #kill(StackComponent)} and
 * {@link #awaitHealthy(StackComponent, Duration)}.
 */
public final class LocalStack implements AutoCloseable {

    private final Map<StackComponent, SupervisedProcess> started = new EnumMap<>(StackComponent.class);
    private final Map<StackComponent, ComponentSupervisor> supervisors = new EnumMap<>(StackComponent.class);
    private final Map<ThreadlineService, URI> serviceUris = new EnumMap<>(ThreadlineService.class);
    private InfrastructureEndpoints endpoints;
    private boolean closed;

    private LocalStack() {
    }

    /**
     * Starts every component, reporting one line per component that is ready, then supervises them as
     * {@code supervision} says, reporting on {@code report} too. If one fails to start, the ones already started are
     * stopped again before the failure is thrown.
     */
    static LocalStack start(LocalStackSettings settings, SupervisionSettings supervision, Consumer<String> report) {
        LocalStack stack = new LocalStack();
        try {
            stack.startInfrastructure(settings, report);
            stack.startServices(settings, report);
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        stack.started.forEach((component, process) ->
                stack.supervisors.put(component, ComponentSupervisor.watch(process, supervision, report)));
        ShutdownSequence.register(stack);
        return stack;
    }

    /**
     * The whole stack from the service jars of this repository, on free ports, with its data and logs under
     * {@code home}, supervised as {@code ./threadline up} does: a component whose process ends is restarted.
     * {@link #close()} stops it; so does the end of the JVM.
     */
    public static LocalStack startOnFreePorts(Path home, Consumer<String> report) {
        return start(LocalStackSettings.onFreePorts(ServiceProcess.locateRepoRoot(), home),
                SupervisionSettings.defaults(false), report);
    }

    /** Deletes the data and logs of earlier runs. */
    static void wipe(LocalStackSettings settings) {
        try {
            for (Path dir : List.of(settings.kafkaDir(), settings.postgresDir(), settings.logsDir())) {
                Directories.deleteRecursively(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot wipe " + settings.home(), e);
        }
    }

    /** Kafka and PostgreSQL as the services see them. */
    public InfrastructureEndpoints endpoints() {
        return endpoints;
    }

    /** {@code http://127.0.0.1:<port>} of {@code service}. */
    public URI baseUri(ThreadlineService service) {
        return serviceUris.get(service);
    }

    /** The operating-system process id of {@code component} as it runs now (the postmaster for PostgreSQL). */
    public long pid(StackComponent component) {
        return supervisor(component).pid();
    }

    /**
     * Kills {@code component} with SIGKILL, as a crash would, and returns once its process is gone. Its supervisor
     * reports it and restarts it on the same ports and data; {@link #awaitHealthy} waits for that.
     */
    public void kill(StackComponent component) {
        supervisor(component).kill();
    }

    /**
     * Waits until {@code component} runs and answers (PostgreSQL {@code SELECT 1}, Kafka an {@code ApiVersions}
     * request, a service {@code /health}) and is not being restarted.
     *
     * @throws LocalStackException if it is not healthy within {@code timeout}
     */
    public void awaitHealthy(StackComponent component, Duration timeout) {
        supervisor(component).awaitHealthy(timeout);
    }

    /** With fail-fast supervision, the first component that ended although it should run. */
    Optional<LocalStackException> failure() {
        return supervisors.values().stream().flatMap(supervisor -> supervisor.failure().stream()).findFirst();
    }

    /** Stops supervising, then stops the services, then Kafka, then PostgreSQL. Calling it again does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ShutdownSequence.deregister(this);
        supervisors.values().forEach(ComponentSupervisor::stopWatching);
        List<StackComponent> newestFirst = new ArrayList<>(started.keySet()).reversed();
        for (StackComponent component : newestFirst) {
            ComponentSupervisor supervisor = supervisors.get(component);
            if (supervisor != null) {
                supervisor.close();
            } else {
                started.get(component).close();
            }
        }
    }

    @Override
    public String toString() {
        return "the local stack";
    }

    private ComponentSupervisor supervisor(StackComponent component) {
        ComponentSupervisor supervisor = supervisors.get(component);
        if (supervisor == null) {
            throw new IllegalArgumentException(component + " is not part of this stack");
        }
        return supervisor;
    }

    private void startInfrastructure(LocalStackSettings settings, Consumer<String> report) {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(EmbeddedPostgresServer.Config.persistent(
                settings.postgresDir(), settings.postgresPort(), settings.logsDir().resolve("postgres.log")));
        started.put(StackComponent.POSTGRES, postgres);
        report.accept(line("postgres", postgres.jdbcUrl() + " (user " + postgres.user() + ")", postgres.logFile()));
        KafkaBrokerProcess kafka = KafkaBrokerProcess.start(KafkaBrokerProcess.Config
                .of(settings.kafkaDir(), settings.kafkaPort(), settings.controllerPort())
                .withLogFile(settings.logsDir().resolve("kafka.log")));
        started.put(StackComponent.KAFKA, kafka);
        report.accept(line("kafka", kafka.bootstrapServers() + " (controller 127.0.0.1:" + settings.controllerPort() + ")",
                kafka.logFile()));
        List<String> created = TopicProvisioner.provision(kafka.bootstrapServers(), Topics.all(), (short) 1);
        report.accept(String.format("%-16s %d in the registry, %d created now", "topics", Topics.all().size(), created.size()));
        endpoints = new InfrastructureEndpoints(kafka.bootstrapServers(), postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    private void startServices(LocalStackSettings settings, Consumer<String> report) {
        List<ServiceProcess> services = new ArrayList<>();
        for (ThreadlineService service : ThreadlineService.values()) {
            Path logFile = settings.logsDir().resolve(service.module() + ".log");
            Map<String, String> environment = new HashMap<>(endpoints.asEnvironment());
            // Tokens are verified with the stack's own secret, made at its first start (./threadline token mints them).
            environment.put(DevelopmentTokens.SECRET_VARIABLE, DevelopmentTokens.secret(settings.home()));
            if (service == ThreadlineService.STATS) {
                // Kafka Streams state lives with the broker's data, so --wipe clears both and a restart keeps both.
                environment.put("THREADLINE_STATS_STATE_DIR", settings.statsStateDir().toString());
            }
            ServiceProcess process = ServiceProcess.start(new ServiceProcess.Config(service.module(),
                    service.jar(settings.repoRoot()), settings.servicePorts().get(service), environment, logFile));
            started.put(StackComponent.of(service), process);
            serviceUris.put(service, process.baseUri());
            services.add(process);
        }
        for (ServiceProcess service : services) {
            service.awaitHealthy(ServiceProcess.STARTUP_TIMEOUT);
            report.accept(line(service.name(), service.baseUri().toString(), service.logFile()));
        }
    }

    private static String line(String component, String where, Path logFile) {
        return String.format("%-16s %-60s log %s", component, where, displayed(logFile));
    }

    /** {@code file} relative to the working directory when it lies below it, for messages. */
    static Path displayed(Path file) {
        Path workingDir = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath();
        return absolute.startsWith(workingDir) ? workingDir.relativize(absolute) : absolute;
    }
}
