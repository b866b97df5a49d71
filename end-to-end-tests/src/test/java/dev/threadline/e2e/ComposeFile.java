package dev.threadline.e2e;

import static dev.threadline.e2e.YamlFiles.list;
import static dev.threadline.e2e.YamlFiles.map;
import static dev.threadline.e2e.YamlFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.ServiceProcess;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code docker-compose.yml} as the tests read it: parsed YAML (anchors and merge keys resolved), with the few views
 * the checks need. The build machines have no Docker engine, so reading is how the file is checked.
 */
record ComposeFile(Path repoRoot, Map<String, Object> document) {

    static ComposeFile read() {
        Path repoRoot = ServiceProcess.locateRepoRoot();
        return new ComposeFile(repoRoot, yaml(repoRoot.resolve("docker-compose.yml")));
    }

    Map<String, Object> services() {
        return map(document.get("services"));
    }

    Map<String, Object> service(String name) {
        assertThat(services()).as("services in docker-compose.yml").containsKey(name);
        return map(services().get(name));
    }

    Map<String, String> environment(String name) {
        return map(service(name).get("environment")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, variable -> String.valueOf(variable.getValue())));
    }

    String healthcheck(String name) {
        assertThat(service(name)).as(name).containsKey("healthcheck");
        return String.join(" ", list(map(service(name).get("healthcheck")).get("test")));
    }

    Map<String, String> conditionsOf(String name) {
        return map(service(name).get("depends_on")).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, on -> String.valueOf(map(on.getValue()).get("condition"))));
    }

    /** The host path (resolved against the repository) bound to a path in a service's container. */
    Path boundTo(String name, String containerPath) {
        return list(service(name).get("volumes")).stream()
                .map(volume -> volume.split(":"))
                .filter(parts -> parts[1].equals(containerPath) && parts[0].startsWith("./"))
                .map(parts -> repoRoot.resolve(parts[0]).normalize())
                .findFirst().orElseThrow(() -> new AssertionError(name + " binds no host path to " + containerPath));
    }
}
