package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceProcessIT {

    private static final InfrastructureEndpoints ENDPOINTS =
            new InfrastructureEndpoints("127.0.0.1:19092", "jdbc:postgresql://127.0.0.1:15433/threadline", "postgres", "postgres");

    @TempDir
    static Path workDir;
    private static Path jar;

    @BeforeAll
    static void buildFakeService() throws IOException {
        jar = FakeServiceJar.build(workDir.resolve("fake"));
    }

    @Test
    void serviceGivenItsPortAndEndpointsBecomesHealthyAndStopsOnClose() throws Exception {
        // given
        ServiceProcess.Config config = new ServiceProcess.Config("fake-service", jar, LocalPorts.findFree(),
                ENDPOINTS.asEnvironment(), workDir.resolve("healthy.log"));

        // when
        try (ServiceProcess service = ServiceProcess.start(config).awaitHealthy(Duration.ofSeconds(60))) {

            // then
            assertThat(get(service.baseUri().resolve("/health"))).contains("\"kafka\":\"127.0.0.1:19092\"");
            service.close();
            assertThat(service.isRunning()).isFalse();
        }
    }

    @Test
    void aCleanStopLeavesAClassDataArchiveBesideTheJarAndAnArchiveOlderThanTheJarIsWrittenAnew() throws Exception {
        // given a service jar that never ran
        Path ownJar = Files.copy(jar, workDir.resolve("archived-service.jar"));
        Path archive = workDir.resolve("archived-service.jsa");
        assertThat(archive).doesNotExist();

        // when it runs and stops cleanly
        runAndStop(ownJar, "archive-first.log");

        // then the JVM left its class data archive beside the jar
        assertThat(archive).isRegularFile();

        // and when the archive is older than the jar (a rebuild) and the service runs again
        FileTime jarBuilt = Files.getLastModifiedTime(ownJar);
        Files.setLastModifiedTime(archive, FileTime.from(jarBuilt.toInstant().minusSeconds(60)));
        runAndStop(ownJar, "archive-rebuilt.log");

        // then the stale archive was replaced by one of the current jar
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(jarBuilt);
    }

    private static void runAndStop(Path serviceJar, String log) {
        ServiceProcess.Config config = new ServiceProcess.Config("archived-service", serviceJar, LocalPorts.findFree(),
                ENDPOINTS.asEnvironment(), workDir.resolve(log));
        ServiceProcess service = ServiceProcess.start(config).awaitHealthy(Duration.ofSeconds(60));
        service.close();
        assertThat(service.isRunning()).isFalse();
    }

    @Test
    void serviceThatExitsBeforeItIsHealthyFailsWithItsExitCodeAndLog() {
        // given
        ServiceProcess.Config config = new ServiceProcess.Config("failing-service", jar, LocalPorts.findFree(),
                Map.of("FAKE_EXIT_CODE", "3"), workDir.resolve("failing.log"));

        // when / then
        assertThatThrownBy(() -> ServiceProcess.start(config).awaitHealthy(Duration.ofSeconds(60)))
                .isInstanceOfSatisfying(LocalStackException.class, e -> {
                    assertThat(e.summary()).isEqualTo("failing-service exited with code 3 before it was healthy");
                    assertThat(e.logFile()).contains(workDir.resolve("failing.log"));
                    assertThat(e.getMessage()).contains("fake service fails on purpose");
                });
    }

    @Test
    void serviceWhoseJarIsNotBuiltIsOneClearLine() {
        // given
        Path repoRoot = workDir.resolve("empty-repo");

        // when / then
        assertThatThrownBy(() -> ServiceProcess.start(repoRoot, ThreadlineService.INGEST, LocalPorts.findFree(), ENDPOINTS))
                .isInstanceOfSatisfying(LocalStackException.class, e -> assertThat(e.summary()).isEqualTo(
                        "ingest-service is not built: " + repoRoot.resolve("ingest-service/target/ingest-service.jar")
                                + " is missing; build it with ./mvnw -DskipTests package"));
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
