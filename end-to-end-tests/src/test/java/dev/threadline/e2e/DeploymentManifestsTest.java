package dev.threadline.e2e;

import static dev.threadline.e2e.YamlFiles.list;
import static dev.threadline.e2e.YamlFiles.map;
import static dev.threadline.e2e.YamlFiles.maps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.e2e.KubernetesManifests.Manifest;
import dev.threadline.localstack.ThreadlineService;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the Kubernetes manifests in {@code deploy/k8s}: no cluster runs here, so every file is parsed and checked for
 * what a multi-instance deployment needs to come up and stay up — known kinds, probes on the ports the containers
 * listen on, references to ConfigMap and Secret keys that exist, Services that select pods, the StatefulSet's
 * per-pod {@code application.server}, and a kustomization that lists every file.
 */
class DeploymentManifestsTest {

    private static final ComposeFile COMPOSE = ComposeFile.read();
    private static final Path K8S = COMPOSE.repoRoot().resolve("deploy/k8s");
    /** The Secret's keys with placeholders: created by hand, never applied with the rest. */
    private static final String SECRET_TEMPLATE = "secret.template.yaml";
    private static final String KUSTOMIZATION = "kustomization.yaml";
    private static final Map<String, String> API_VERSIONS = Map.of(
            "Namespace", "v1", "ConfigMap", "v1", "Secret", "v1", "Service", "v1",
            "Deployment", "apps/v1", "StatefulSet", "apps/v1", "PodDisruptionBudget", "policy/v1",
            "Kustomization", "kustomize.config.k8s.io/v1beta1");
    private static final Map<ThreadlineService, String> WORKLOAD_KINDS = Map.of(
            ThreadlineService.INGEST, "Deployment", ThreadlineService.THREAD, "Deployment",
            ThreadlineService.STATS, "StatefulSet");
    /** The services' drain on SIGTERM (docs/operations.md, "Graceful shutdown"). */
    private static final int DRAIN_SECONDS = 30;
    private static final Pattern VARIABLE_REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    private static final KubernetesManifests K8S_MANIFESTS = KubernetesManifests.read(K8S);
    private static final List<Manifest> MANIFESTS = K8S_MANIFESTS.all();

    @Test
    void everyManifestParsesAsAKindWithItsApiVersion() {
        // Given every document of every YAML file under deploy/k8s, then each is a kind the deployment knows
        assertThat(MANIFESTS).isNotEmpty();
        for (Manifest manifest : MANIFESTS) {
            assertThat(API_VERSIONS).as(manifest.file()).containsKey(manifest.kind());
            assertThat(manifest.document()).as(manifest.file() + " " + manifest.kind())
                    .containsEntry("apiVersion", API_VERSIONS.get(manifest.kind()));
            if (!manifest.kind().equals("Kustomization")) {
                assertThat(manifest.name()).as(manifest.file()).isNotBlank().isNotEqualTo("null");
            }
        }
    }

    @Test
    void kustomizationListsEveryManifestButTheSecretTemplateInTheNamespaceItCreates() {
        // Given the kustomization and the YAML files beside it
        Map<String, Object> kustomization = K8S_MANIFESTS.only("Kustomization").document();
        Set<String> files = MANIFESTS.stream().map(Manifest::file).collect(Collectors.toSet());
        files.removeAll(Set.of(KUSTOMIZATION, SECRET_TEMPLATE));

        // Then it applies all of them, never the Secret's placeholders, in the namespace it creates and the Secret names
        assertThat(list(kustomization.get("resources"))).containsExactlyInAnyOrderElementsOf(files);
        assertThat(kustomization.get("namespace"))
                .isEqualTo(K8S_MANIFESTS.only("Namespace").name())
                .isEqualTo(map(K8S_MANIFESTS.only("Secret").document().get("metadata")).get("namespace"));
        // and lets every image the workloads run be renamed or retagged
        assertThat(maps(kustomization.get("images")).stream().map(image -> image.get("name")))
                .containsExactlyInAnyOrderElementsOf(K8S_MANIFESTS.workloads().stream()
                        .map(workload -> String.valueOf(workload.container().get("image")).split(":")[0]).toList());
    }

    @Test
    void eachServiceRunsSeveralInstancesOfTheImageComposeBuilds() {
        // Given each service's workload
        for (ThreadlineService service : ThreadlineService.values()) {
            Manifest workload = K8S_MANIFESTS.workload(service);

            // Then it is of the kind its state calls for, runs at least two instances, from the image compose tags
            assertThat(workload.kind()).isEqualTo(WORKLOAD_KINDS.get(service));
            assertThat((Integer) workload.spec().get("replicas")).as(service.module()).isGreaterThanOrEqualTo(2);
            assertThat(workload.container().get("image")).isEqualTo(COMPOSE.service(service.module()).get("image"));
            // and its selector picks its own pods
            assertThat(workload.podLabels())
                    .containsAllEntriesOf(map(map(workload.spec().get("selector")).get("matchLabels")));
        }
    }

    @Test
    void everyContainerListensOnItsPortAndIsProbedThere() {
        for (ThreadlineService service : ThreadlineService.values()) {
            // Given the service's container
            Manifest workload = K8S_MANIFESTS.workload(service);
            Map<String, Object> container = workload.container();
            Map<String, Object> port = maps(container.get("ports")).getFirst();
            Map<String, String> environment = literalEnvironment(container);

            // Then it listens on every interface, on the port it declares, which liveness and readiness ask
            assertThat(maps(container.get("ports"))).as(service.module()).hasSize(1);
            assertThat(port.get("containerPort")).isEqualTo(service.defaultPort());
            assertThat(environment)
                    .containsEntry("MICRONAUT_SERVER_PORT", String.valueOf(service.defaultPort()))
                    .containsEntry("THREADLINE_HTTP_HOST", "0.0.0.0");
            assertProbe(container, "startupProbe", "/health/liveness", port);
            assertProbe(container, "livenessProbe", "/health/liveness", port);
            assertProbe(container, "readinessProbe", "/health/readiness", port);
            // and Prometheus finds its metrics there
            assertThat(map(map(workload.podTemplate().get("metadata")).get("annotations")))
                    .containsEntry("prometheus.io/scrape", "true")
                    .containsEntry("prometheus.io/port", String.valueOf(service.defaultPort()))
                    .containsEntry("prometheus.io/path", ComposeMonitoringTest.METRICS_PATH);
        }
    }

    @Test
    void everyWorkloadDrainsWithinItsGracePeriodWithinBoundedResourcesAsTheImagesUser() {
        for (Manifest workload : K8S_MANIFESTS.workloads()) {
            // Given the pod's grace period, the container's pause before SIGTERM and its resources
            Map<String, Object> container = workload.container();
            List<String> preStop = list(map(map(map(container.get("lifecycle")).get("preStop")).get("exec")).get("command"));
            int pause = preStop.isEmpty() ? 0 : Integer.parseInt(preStop.getLast());
            Map<String, Object> resources = map(container.get("resources"));

            // Then the pause and the drain fit in the grace period
            assertThat((Integer) workload.podSpec().get("terminationGracePeriodSeconds")).as(workload.name())
                    .isGreaterThan(pause + DRAIN_SECONDS);
            // and requests and limits bound CPU and memory
            assertThat(map(resources.get("requests"))).as(workload.name()).containsKeys("cpu", "memory");
            assertThat(map(resources.get("limits"))).as(workload.name()).containsKeys("cpu", "memory");
            // and the pod runs as the user the image creates, which owns the volumes mounted for it
            assertThat(map(workload.podSpec().get("securityContext")))
                    .containsEntry("runAsNonRoot", true)
                    .containsEntry("runAsUser", Integer.valueOf(ServiceImagesTest.IMAGE_UID))
                    .containsEntry("fsGroup", Integer.valueOf(ServiceImagesTest.IMAGE_UID));
        }
    }

    @Test
    void statsStreamsPodsEachAdvertiseTheirOwnAddressThroughTheHeadlessService() {
        // Given the StatefulSet and the Service it names
        Manifest stats = K8S_MANIFESTS.workload(ThreadlineService.STATS);
        String serviceName = String.valueOf(stats.spec().get("serviceName"));
        Manifest headless = K8S_MANIFESTS.named("Service", serviceName);
        List<Map<String, Object>> env = maps(stats.container().get("env"));
        Map<String, String> environment = literalEnvironment(stats.container());

        // Then that Service is headless, selects these pods, and lists them before they are ready
        assertThat(headless.spec())
                .containsEntry("clusterIP", "None")
                .containsEntry("publishNotReadyAddresses", true);
        assertThat(stats.podLabels()).containsAllEntriesOf(map(headless.spec().get("selector")));
        // and each pod's application.server and static member id are derived from its own name
        assertThat(fieldRefs(env))
                .containsEntry("POD_NAME", "metadata.name")
                .containsEntry("POD_NAMESPACE", "metadata.namespace");
        assertThat(environment)
                .containsEntry("THREADLINE_STATS_APPLICATION_SERVER", "$(POD_NAME)." + serviceName
                        + ".$(POD_NAMESPACE).svc.cluster.local:" + ThreadlineService.STATS.defaultPort())
                .containsEntry("THREADLINE_STATS_INSTANCE_ID", "$(POD_NAME)");
        // and its state directory is its own persistent volume
        String stateDir = environment.get("THREADLINE_STATS_STATE_DIR");
        Set<String> claims = maps(stats.spec().get("volumeClaimTemplates")).stream()
                .map(claim -> String.valueOf(map(claim.get("metadata")).get("name"))).collect(Collectors.toSet());
        assertThat(maps(stats.container().get("volumeMounts")))
                .anySatisfy(mount -> {
                    assertThat(mount).containsEntry("mountPath", stateDir);
                    assertThat(claims).contains(String.valueOf(mount.get("name")));
                });
    }

    @Test
    void everyConfigMapAndSecretKeyAContainerReadsExistsAndEveryVariableItNamesIsSetBefore() {
        // Given the keys the ConfigMaps and the Secret (its template) hold
        Map<String, Set<String>> configMaps = K8S_MANIFESTS.keysOf("ConfigMap");
        Map<String, Set<String>> secrets = K8S_MANIFESTS.keysOf("Secret");
        Set<String> configMapKeysRead = new HashSet<>();

        for (Manifest workload : K8S_MANIFESTS.workloads()) {
            Set<String> defined = new HashSet<>();
            for (Map<String, Object> variable : maps(workload.container().get("env"))) {
                Map<String, Object> valueFrom = map(variable.get("valueFrom"));
                // Then every key a container reads exists where it reads it from
                Map<String, Object> configMapKey = map(valueFrom.get("configMapKeyRef"));
                if (!configMapKey.isEmpty()) {
                    assertThat(configMaps.get(String.valueOf(configMapKey.get("name"))))
                            .as(workload.name() + " " + variable.get("name")).contains(String.valueOf(configMapKey.get("key")));
                    configMapKeysRead.add(configMapKey.get("name") + "/" + configMapKey.get("key"));
                }
                Map<String, Object> secretKey = map(valueFrom.get("secretKeyRef"));
                if (!secretKey.isEmpty()) {
                    assertThat(secrets.get(String.valueOf(secretKey.get("name"))))
                            .as(workload.name() + " " + variable.get("name")).contains(String.valueOf(secretKey.get("key")));
                }
                // and a $(VARIABLE) in a value names one defined above it (Kubernetes expands only those)
                VARIABLE_REFERENCE.matcher(String.valueOf(variable.getOrDefault("value", ""))).results()
                        .forEach(reference -> assertThat(defined).as(workload.name() + " " + variable.get("name"))
                                .contains(reference.group(1)));
                defined.add(String.valueOf(variable.get("name")));
            }
        }
        // and no ConfigMap key is left unread
        Set<String> configMapKeys = configMaps.entrySet().stream()
                .flatMap(configMap -> configMap.getValue().stream().map(key -> configMap.getKey() + "/" + key))
                .collect(Collectors.toSet());
        assertThat(configMapKeysRead).containsExactlyInAnyOrderElementsOf(configMapKeys);
    }

    @Test
    void everyServiceAndDisruptionBudgetSelectsThePodsOfOneWorkload() {
        // Given every Service and PodDisruptionBudget
        for (Manifest selecting : MANIFESTS) {
            Map<String, Object> selector = switch (selecting.kind()) {
                case "Service" -> map(selecting.spec().get("selector"));
                case "PodDisruptionBudget" -> map(map(selecting.spec().get("selector")).get("matchLabels"));
                default -> null;
            };
            if (selector == null) {
                continue;
            }
            // Then its selector matches the pods of exactly one workload
            List<Manifest> selected = K8S_MANIFESTS.workloads().stream()
                    .filter(workload -> workload.podLabels().entrySet().containsAll(selector.entrySet())).toList();
            assertThat(selector).as(selecting.kind() + " " + selecting.name()).isNotEmpty();
            assertThat(selected).as(selecting.kind() + " " + selecting.name() + " selects").hasSize(1);
            // and a Service's ports lead to the port that workload's container declares
            Set<Object> containerPorts = maps(selected.getFirst().container().get("ports")).stream()
                    .flatMap(port -> Stream.of(port.get("name"), port.get("containerPort"))).collect(Collectors.toSet());
            for (Map<String, Object> port : maps(selecting.spec().get("ports"))) {
                assertThat(containerPorts).as(selecting.name()).contains(port.get("targetPort"));
            }
        }
    }

    private static void assertProbe(Map<String, Object> container, String probe, String path, Map<String, Object> port) {
        Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));
        assertThat(httpGet).as(probe).containsEntry("path", path);
        assertThat(httpGet.get("port")).as(probe + " port").isIn(port.get("name"), port.get("containerPort"));
    }

    /** The variables of a container that have a literal value. */
    private static Map<String, String> literalEnvironment(Map<String, Object> container) {
        return maps(container.get("env")).stream().filter(variable -> variable.containsKey("value"))
                .collect(Collectors.toMap(variable -> String.valueOf(variable.get("name")),
                        variable -> String.valueOf(variable.get("value"))));
    }

    private static Map<String, String> fieldRefs(List<Map<String, Object>> env) {
        Map<String, String> refs = new HashMap<>();
        for (Map<String, Object> variable : env) {
            Map<String, Object> fieldRef = map(map(variable.get("valueFrom")).get("fieldRef"));
            if (!fieldRef.isEmpty()) {
                refs.put(String.valueOf(variable.get("name")), String.valueOf(fieldRef.get("fieldPath")));
            }
        }
        return refs;
    }
}
