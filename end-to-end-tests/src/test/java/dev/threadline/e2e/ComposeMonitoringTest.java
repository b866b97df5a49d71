package dev.threadline.e2e;

import static dev.threadline.e2e.YamlFiles.list;
import static dev.threadline.e2e.YamlFiles.map;
import static dev.threadline.e2e.YamlFiles.maps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.ThreadlineService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the monitoring of the compose deployment: Prometheus scrapes every service's {@code GET /prometheus}, and
 * Grafana is provisioned with that Prometheus (under the uid the dashboards name) and with every dashboard kept in
 * {@code deploy/grafana/dashboards/}. The files are read: no Docker engine runs here.
 */
class ComposeMonitoringTest {

    static final String METRICS_PATH = "/prometheus";
    private static final String DATASOURCE_UID = "threadline-prometheus";
    private static final ComposeFile COMPOSE = ComposeFile.read();

    @Test
    void prometheusScrapesEveryServicesMetricsEndpointEveryFiveSeconds() {
        // Given the configuration file compose gives Prometheus
        Map<String, Object> config = YamlFiles.yaml(COMPOSE.boundTo("prometheus", "/etc/prometheus/prometheus.yml"));
        List<Map<String, Object>> scrapes = maps(config.get("scrape_configs"));

        // Then each service is a job of its own, scraped at /prometheus on its HTTP port, every 5 s
        assertThat(map(config.get("global"))).containsEntry("scrape_interval", "5s");
        for (ThreadlineService service : ThreadlineService.values()) {
            Map<String, Object> job = scrapes.stream().filter(scrape -> service.module().equals(scrape.get("job_name")))
                    .findFirst().orElseThrow(() -> new AssertionError("no scrape job " + service.module()));
            List<String> targets = maps(job.get("static_configs")).stream()
                    .flatMap(targetGroup -> list(targetGroup.get("targets")).stream()).toList();

            assertThat(job).containsEntry("metrics_path", METRICS_PATH);
            assertThat(targets).containsExactly(service.module() + ":" + service.defaultPort());
            assertThat(COMPOSE.environment(service.module()))
                    .containsEntry("MICRONAUT_SERVER_PORT", String.valueOf(service.defaultPort()));
        }
        assertThat(list(COMPOSE.service("prometheus").get("ports"))).contains("9090:9090");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusDataSourceUnderAFixedUid() throws IOException {
        // Given the data sources in Grafana's provisioning directory
        Path provisioning = COMPOSE.boundTo("grafana", "/etc/grafana/provisioning");
        List<Map<String, Object>> dataSources = yamlFiles(provisioning.resolve("datasources"))
                .flatMap(file -> maps(YamlFiles.yaml(file).get("datasources")).stream()).toList();

        // Then the default one is the compose Prometheus, under the uid the dashboards name
        assertThat(dataSources).singleElement().satisfies(dataSource -> assertThat(dataSource)
                .containsEntry("uid", DATASOURCE_UID)
                .containsEntry("type", "prometheus")
                .containsEntry("url", "http://prometheus:9090")
                .containsEntry("isDefault", true));
        assertThat(COMPOSE.conditionsOf("grafana")).containsEntry("prometheus", "service_healthy");
    }

    @Test
    void grafanaLoadsEveryDashboardOfTheRepositoryAndLetsAnyoneView() throws IOException {
        // Given Grafana's dashboard providers and the repository's dashboard folder
        Path provisioning = COMPOSE.boundTo("grafana", "/etc/grafana/provisioning");
        List<Map<String, Object>> providers = yamlFiles(provisioning.resolve("dashboards"))
                .flatMap(file -> maps(YamlFiles.yaml(file).get("providers")).stream()).toList();

        // Then one provider reads the folder compose mounts from deploy/grafana/dashboards
        assertThat(providers).singleElement().satisfies(provider -> {
            String path = String.valueOf(map(provider.get("options")).get("path"));
            assertThat(provider).containsEntry("type", "file");
            assertThat(COMPOSE.boundTo("grafana", path))
                    .isEqualTo(COMPOSE.repoRoot().resolve("deploy/grafana/dashboards")).isDirectory();
        });
        // and viewers need no login; the admin's password comes from the environment
        assertThat(COMPOSE.environment("grafana"))
                .containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
                .containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer")
                .hasEntrySatisfying("GF_SECURITY_ADMIN_PASSWORD", password -> assertThat(password).startsWith("${"));
        assertThat(list(COMPOSE.service("grafana").get("ports"))).contains("3000:3000");
    }

    private static Stream<Path> yamlFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(".yml") || file.toString().endsWith(".yaml"))
                    .sorted().toList().stream();
        }
    }
}
