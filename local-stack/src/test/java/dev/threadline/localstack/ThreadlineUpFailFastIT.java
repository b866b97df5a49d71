package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** {@code ./threadline up --fail-fast} with the real broker and PostgreSQL and {@link FakeServiceJar}s as services. */
class ThreadlineUpFailFastIT {

    static {
        // Logging of this test JVM is set up before ThreadlineUp points logback at the stack's log directory.
        LoggerFactory.getLogger(ThreadlineUpFailFastIT.class);
    }

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @AfterEach
    void forgetTheLaunchersLoggingProperties() {
        System.clearProperty("threadline.logs.dir");
        System.clearProperty("logback.configurationFile");
        System.out.print(console.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(90)
    void withFailFastAServiceThatExitsStopsEverythingAndExitCodeIs1(@TempDir Path dir) throws Exception {
        // given the stack up with --fail-fast
        Path repo = FakeServiceJar.buildRepo(dir);
        LocalStackSettings ports = LocalStackSettings.onFreePorts(repo, dir.resolve("home"));
        CompletableFuture<Integer> exitCode = CompletableFuture.supplyAsync(
                () -> ThreadlineUp.run(List.of("--fail-fast"), repo, environment(ports), out));
        awaitConsole("threadline: up;", exitCode);

        // when the thread-service exits by itself
        URI thread = URI.create("http://127.0.0.1:" + ports.servicePorts().get(ThreadlineService.THREAD));
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(thread.resolve("/exit")).build(),
                HttpResponse.BodyHandlers.discarding());

        // then the launcher says which, stops every component and returns 1
        assertThat(exitCode.get(60, TimeUnit.SECONDS)).isEqualTo(1);
        String printed = console.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("threadline: thread-service exited with code 3 while it was expected to run; see "
                + LocalStack.displayed(ports.logsDir().resolve("thread-service.log")));
        assertThat(printed).contains("threadline: stopped").doesNotContain("restarting");
        for (LocalPorts.Claim claim : ports.portClaims()) {
            assertThat(listens(claim.port()))
                    .as(() -> "%s on port %d; listening there: %s".formatted(claim.component(), claim.port(), listener(claim.port())))
                    .isFalse();
        }
    }

    private static Map<String, String> environment(LocalStackSettings ports) {
        Map<String, String> environment = new HashMap<>(Map.of(
                LocalStackSettings.HOME_VARIABLE, ports.home().toString(),
                LocalStackSettings.KAFKA_PORT_VARIABLE, Integer.toString(ports.kafkaPort()),
                LocalStackSettings.CONTROLLER_PORT_VARIABLE, Integer.toString(ports.controllerPort()),
                LocalStackSettings.POSTGRES_PORT_VARIABLE, Integer.toString(ports.postgresPort())));
        ports.servicePorts().forEach((service, port) -> environment.put(service.portVariable(), Integer.toString(port)));
        return environment;
    }

    private void awaitConsole(String text, CompletableFuture<Integer> exitCode) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!console.toString(StandardCharsets.UTF_8).contains(text)) {
            assertThat(exitCode).as("still running; console: %s", console).isNotDone();
            assertThat(System.nanoTime()).as("'%s' on the console: %s", text, console).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Which process listens on {@code port}, as {@code ss} tells it (a diagnosis for a failed assertion). */
    private static String listener(int port) {
        try {
            Process ss = new ProcessBuilder("ss", "-ltnpH", "sport = :" + port).redirectErrorStream(true).start();
            String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            ss.waitFor(5, TimeUnit.SECONDS);
            return out.isEmpty() ? "nothing now" : out;
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown (interrupted)";
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
