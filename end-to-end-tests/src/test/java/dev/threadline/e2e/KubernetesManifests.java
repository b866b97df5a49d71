package dev.threadline.e2e;

import static dev.threadline.e2e.YamlFiles.map;
import static dev.threadline.e2e.YamlFiles.maps;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.ThreadlineService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every document of every YAML file in {@code deploy/k8s}, as {@link DeploymentManifestsTest} reads them. */
record KubernetesManifests(List<Manifest> all) {

    /** One document of one file. */
    record Manifest(String file, Map<String, Object> document) {

        String kind() {
            return String.valueOf(document.get("kind"));
        }

        String name() {
            return String.valueOf(map(document.get("metadata")).get("name"));
        }

        Map<String, Object> spec() {
            return map(document.get("spec"));
        }

        Map<String, Object> podTemplate() {
            return map(spec().get("template"));
        }

        Map<String, Object> podSpec() {
            return map(podTemplate().get("spec"));
        }

        Map<String, Object> podLabels() {
            return map(map(podTemplate().get("metadata")).get("labels"));
        }

        /** The pod's one container. */
        Map<String, Object> container() {
            List<Map<String, Object>> containers = maps(podSpec().get("containers"));
            assertThat(containers).as(name() + "'s containers").hasSize(1);
            return containers.getFirst();
        }
    }

    static KubernetesManifests read(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<Manifest> manifests = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                    .sorted().toList()) {
                YamlFiles.yamlDocuments(file).forEach(document ->
                        manifests.add(new Manifest(file.getFileName().toString(), document)));
            }
            return new KubernetesManifests(List.copyOf(manifests));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Deployments and StatefulSets. */
    List<Manifest> workloads() {
        return all.stream().filter(m -> m.kind().equals("Deployment") || m.kind().equals("StatefulSet")).toList();
    }

    Manifest workload(ThreadlineService service) {
        return workloads().stream().filter(workload -> workload.name().equals(service.module())).findFirst()
                .orElseThrow(() -> new AssertionError("no workload " + service.module() + " in deploy/k8s"));
    }

    Manifest named(String kind, String name) {
        return all.stream().filter(m -> m.kind().equals(kind) && m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/k8s"));
    }

    /** The one manifest of this kind. */
    Manifest only(String kind) {
        List<Manifest> ofKind = all.stream().filter(m -> m.kind().equals(kind)).toList();
        assertThat(ofKind).as(kind + " in deploy/k8s").hasSize(1);
        return ofKind.getFirst();
    }

    /** Per ConfigMap or Secret name, the keys it holds: in {@code data} and in {@code stringData}. */
    Map<String, Set<String>> keysOf(String kind) {
        return all.stream().filter(manifest -> manifest.kind().equals(kind)).collect(Collectors.toMap(
                Manifest::name,
                manifest -> Stream.concat(map(manifest.document().get("data")).keySet().stream(),
                        map(manifest.document().get("stringData")).keySet().stream()).collect(Collectors.toSet())));
    }
}
