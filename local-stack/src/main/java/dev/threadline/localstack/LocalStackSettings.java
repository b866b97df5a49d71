package dev.threadline.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code ./threadline up} runs where: ports (each overridable by an environment variable) and the data
 * directory ({@code <repoRoot>/.threadline}, or {@code THREADLINE_HOME}).
 */
record LocalStackSettings(Path repoRoot, Path home, int kafkaPort, int controllerPort, int postgresPort,
        Map<ThreadlineService, Integer> servicePorts) {

    static final String HOME_VARIABLE = "THREADLINE_HOME";
    static final String KAFKA_PORT_VARIABLE = "THREADLINE_KAFKA_PORT";
    static final String CONTROLLER_PORT_VARIABLE = "THREADLINE_KAFKA_CONTROLLER_PORT";
    static final String POSTGRES_PORT_VARIABLE = "THREADLINE_POSTGRES_PORT";

    LocalStackSettings {
        servicePorts = Map.copyOf(servicePorts);
    }

    /** The defaults, overridden by {@code environment}; a malformed port is a {@link LocalStackException}. */
    static LocalStackSettings from(Path repoRoot, Map<String, String> environment) {
        String home = environment.get(HOME_VARIABLE);
        Map<ThreadlineService, Integer> servicePorts = new EnumMap<>(ThreadlineService.class);
        for (ThreadlineService service : ThreadlineService.values()) {
            servicePorts.put(service, port(environment, service.portVariable(), service.defaultPort()));
        }
        return new LocalStackSettings(repoRoot,
                home == null || home.isBlank() ? repoRoot.resolve(".threadline") : Path.of(home).toAbsolutePath(),
                port(environment, KAFKA_PORT_VARIABLE, 9092),
                port(environment, CONTROLLER_PORT_VARIABLE, 9093),
                port(environment, POSTGRES_PORT_VARIABLE, 5433),
                servicePorts);
    }

    /** Every port a free one, for a test that runs the whole stack next to others. */
    static LocalStackSettings onFreePorts(Path repoRoot, Path home) {
        Map<ThreadlineService, Integer> servicePorts = new EnumMap<>(ThreadlineService.class);
        for (ThreadlineService service : ThreadlineService.values()) {
            servicePorts.put(service, LocalPorts.findFree());
        }
        return new LocalStackSettings(repoRoot, home.toAbsolutePath(), LocalPorts.findFree(), LocalPorts.findFree(),
                LocalPorts.findFree(), servicePorts);
    }

    Path kafkaDir() {
        return home.resolve("kafka");
    }

    Path postgresDir() {
        return home.resolve("postgres");
    }

    /** The state directory of stats-streams' Kafka Streams stores. */
    Path statsStateDir() {
        return home.resolve("stats-streams");
    }

    Path logsDir() {
        return home.resolve("logs");
    }

    /** Every port this stack listens on, checked before anything starts. */
    List<LocalPorts.Claim> portClaims() {
        List<LocalPorts.Claim> claims = new ArrayList<>(List.of(
                new LocalPorts.Claim("kafka", kafkaPort, KAFKA_PORT_VARIABLE),
                new LocalPorts.Claim("kafka controller", controllerPort, CONTROLLER_PORT_VARIABLE),
                new LocalPorts.Claim("postgres", postgresPort, POSTGRES_PORT_VARIABLE)));
        servicePorts.forEach((service, port) -> claims.add(new LocalPorts.Claim(service.module(), port, service.portVariable())));
        return claims;
    }

    private static int port(Map<String, String> environment, String variable, int defaultPort) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LocalStackException(variable + " must be a port number (1-65535), not '" + value + "'");
    }
}
