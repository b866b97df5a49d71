package dev.threadline.localstack;

import dev.threadline.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything {@code ./threadline up} runs: PostgreSQL, the Kafka broker, the registry's topics and the three
 * services, started in that order and stopped in the reverse one.
 */
final class LocalStack implements AutoCloseable {

    private static final Duration SERVICE_STARTUP_TIMEOUT = Duration.ofMinutes(3);

    private EmbeddedPostgresServer postgres;
    private KafkaBrokerProcess kafka;
    private final List<ServiceProcess> services = new ArrayList<>();

    private LocalStack() {
    }

    /**
     * Starts every component, reporting one line per component that is ready. If one fails, the ones already
     * started are stopped again before the failure is thrown.
     */
    static LocalStack start(LocalStackSettings settings, Consumer<String> report) {
        LocalStack stack = new LocalStack();
        try {
            stack.startInfrastructure(settings, report);
            stack.startServices(settings, report);
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
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

    /** The first component that stopped although it should run. */
    Optional<LocalStackException> failure() {
        for (ServiceProcess service : services) {
            if (!service.isRunning()) {
                return Optional.of(service.exitedUnexpectedly());
            }
        }
        return kafka.isRunning() ? Optional.empty() : Optional.of(kafka.exitedUnexpectedly());
    }

    /** Stops the services, then Kafka, then PostgreSQL. */
    @Override
    public void close() {
        services.reversed().forEach(ServiceProcess::close);
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private void startInfrastructure(LocalStackSettings settings, Consumer<String> report) {
        postgres = EmbeddedPostgresServer.start(EmbeddedPostgresServer.Config.persistent(
                settings.postgresDir(), settings.postgresPort(), settings.logsDir().resolve("postgres.log")));
        report.accept(line("postgres", postgres.jdbcUrl() + " (user " + postgres.user() + ")", postgres.logFile()));
        kafka = KafkaBrokerProcess.start(KafkaBrokerProcess.Config
                .of(settings.kafkaDir(), settings.kafkaPort(), settings.controllerPort())
                .withLogFile(settings.logsDir().resolve("kafka.log")));
        report.accept(line("kafka", kafka.bootstrapServers() + " (controller 127.0.0.1:" + settings.controllerPort() + ")",
                kafka.logFile()));
        List<String> created = TopicProvisioner.provision(kafka.bootstrapServers(), Topics.all(), (short) 1);
        report.accept(String.format("%-16s %d in the registry, %d created now", "topics", Topics.all().size(), created.size()));
    }

    private void startServices(LocalStackSettings settings, Consumer<String> report) {
        InfrastructureEndpoints endpoints = new InfrastructureEndpoints(
                kafka.bootstrapServers(), postgres.jdbcUrl(), postgres.user(), postgres.password());
        for (ThreadlineService service : ThreadlineService.values()) {
            Path logFile = settings.logsDir().resolve(service.module() + ".log");
            Map<String, String> environment = new HashMap<>(endpoints.asEnvironment());
            if (service == ThreadlineService.STATS) {
                // Kafka Streams state lives with the broker's data, so --wipe clears both and a restart keeps both.
                environment.put("THREADLINE_STATS_STATE_DIR", settings.statsStateDir().toString());
            }
            services.add(ServiceProcess.start(new ServiceProcess.Config(service.module(), service.jar(settings.repoRoot()),
                    settings.servicePorts().get(service), environment, logFile)));
        }
        for (ServiceProcess service : services) {
            service.awaitHealthy(SERVICE_STARTUP_TIMEOUT);
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
