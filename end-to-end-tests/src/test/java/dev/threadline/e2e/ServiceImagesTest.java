package dev.threadline.e2e;

import static dev.threadline.e2e.YamlFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

import dev.threadline.localstack.ThreadlineService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Guards how the service images are built: from source, by the root {@code Dockerfile}, so that
 * {@code docker compose up --build} works from a clean clone. No Docker engine runs here, so the files are read: what
 * the build stage packages, what the runtime stage copies and runs, what the build context leaves out.
 */
class ServiceImagesTest {

    private static final ComposeFile COMPOSE = ComposeFile.read();
    /** The uid Kubernetes' securityContext names ({@link DeploymentManifestsTest}). */
    static final String IMAGE_UID = "10001";

    @Test
    void composeBuildsEachServiceFromTheRepositoryWithTheRootDockerfile() {
        // Given each service's build in docker-compose.yml
        for (ThreadlineService service : ThreadlineService.values()) {
            Map<String, Object> build = map(COMPOSE.service(service.module()).get("build"));
            Path context = COMPOSE.repoRoot().resolve(String.valueOf(build.get("context"))).normalize();

            // Then its context is the whole repository, its Dockerfile exists, and it picks the module and its port
            assertThat(context).isEqualTo(COMPOSE.repoRoot());
            assertThat(context.resolve(String.valueOf(build.get("dockerfile")))).isRegularFile();
            assertThat(map(build.get("args")))
                    .containsEntry("SERVICE", service.module())
                    .containsEntry("PORT", String.valueOf(service.defaultPort()));
            // and the image is tagged with the name the Kubernetes manifests run
            assertThat(COMPOSE.service(service.module()).get("image")).asString()
                    .startsWith("threadline/" + service.module() + ":");
        }
    }

    @Test
    void buildStagePackagesEveryServiceFromSourceWithTheMavenWrapper() throws IOException {
        // Given the build stage of the Dockerfile
        String build = stage(dockerfile(), 0);

        // Then it starts from a JDK 25, takes the repository and packages the three services with what they need
        assertThat(build).contains("FROM eclipse-temurin:25-jdk AS build").contains("COPY . .");
        Matcher maven = Pattern.compile("\\./mvnw -B -ntp -pl (\\S+) -am -DskipTests package").matcher(build);
        assertThat(maven.find()).as("./mvnw … package in the build stage").isTrue();
        assertThat(maven.group(1).split(","))
                .containsExactlyInAnyOrder(modules().toArray(String[]::new));
        // It does not depend on SERVICE: BuildKit runs it once for the three images
        assertThat(build).doesNotContain("SERVICE");
    }

    @Test
    void runtimeStageRunsTheServicesJarAsANonRootUserWithTheJdkFlags() throws IOException {
        // Given the runtime stage
        String runtime = stage(dockerfile(), 1);

        // Then it copies the module's jar and its lib/ from the build stage, where Maven writes them
        assertThat(runtime)
                .contains("FROM eclipse-temurin:25-jre")
                .contains("COPY --from=build /src/${SERVICE}/target/lib/ /app/lib/")
                .contains("COPY --from=build /src/${SERVICE}/target/${SERVICE}.jar /app/service.jar")
                .contains("EXPOSE ${PORT}")
                .contains("--uid " + IMAGE_UID)
                .contains("USER threadline")
                .containsPattern("ENTRYPOINT \\[\"java\", \"--enable-native-access=ALL-UNNAMED\", "
                        + "\"--sun-misc-unsafe-memory-access=allow\", \"-XX:MaxRAMPercentage=75\", \"-jar\", \"/app/service.jar\"\\]");
        // which is where the local stack, too, finds each service's packaged jar
        for (ThreadlineService service : ThreadlineService.values()) {
            assertThat(Path.of("/src/${SERVICE}/target/${SERVICE}.jar".replace("${SERVICE}", service.module())))
                    .isEqualTo(service.jar(Path.of("/src")));
        }
    }

    @Test
    void buildContextLeavesOutBuildOutputLocalDataAndSecretsButNoModule() throws IOException {
        // Given the patterns the build context leaves out
        List<String> ignored = Files.readAllLines(COMPOSE.repoRoot().resolve(".dockerignore")).stream()
                .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        // Then host builds, the local stack's data, .git and .env stay out
        assertThat(ignored).contains("**/target/", ".threadline/", ".git/", ".env");
        // and every module (Maven reads each one's pom.xml) stays in
        for (String module : rootModules()) {
            assertThat(ignored).as(".dockerignore").noneMatch(pattern -> pattern.replaceAll("/$", "").equals(module)
                    || pattern.startsWith(module + "/"));
        }
    }

    private static List<String> modules() {
        return Arrays.stream(ThreadlineService.values()).map(ThreadlineService::module).toList();
    }

    /** The modules the root pom.xml lists. */
    private static List<String> rootModules() throws IOException {
        String pom = Files.readString(COMPOSE.repoRoot().resolve("pom.xml"));
        List<String> modules = Pattern.compile("<module>([^<]+)</module>").matcher(pom).results()
                .map(match -> match.group(1)).toList();
        assertThat(modules).as("modules of the root pom.xml").isNotEmpty();
        return modules;
    }

    private static String dockerfile() throws IOException {
        return Files.readString(COMPOSE.repoRoot().resolve("Dockerfile"));
    }

    /** The instructions of the stage at this index (0 = the first FROM). */
    private static String stage(String dockerfile, int index) {
        String[] stages = dockerfile.split("(?m)^(?=FROM )");
        // stages[0] is what comes before the first FROM (syntax line, comments)
        return stages[index + 1];
    }
}
