package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreadlineUpTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void takenKafkaPortStopsStartupWithOneLineAndExitCode1(@TempDir Path home) throws IOException {
        // given
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Map<String, String> environment = Map.of("THREADLINE_KAFKA_PORT", Integer.toString(port),
                    "THREADLINE_HOME", home.toString());

            // when
            int exitCode = ThreadlineUp.run(List.of(), environment, out);

            // then
            assertThat(exitCode).isEqualTo(1);
            assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("threadline: port " + port
                    + " (kafka) is already in use; set THREADLINE_KAFKA_PORT to use another" + System.lineSeparator());
            assertThat(home).isEmptyDirectory();
        }
    }

    @Test
    void malformedPortVariableIsOneLine(@TempDir Path home) {
        // when
        int exitCode = ThreadlineUp.run(List.of(),
                Map.of("THREADLINE_POSTGRES_PORT", "five", "THREADLINE_HOME", home.toString()), out);

        // then
        assertThat(exitCode).isEqualTo(1);
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo(
                "threadline: THREADLINE_POSTGRES_PORT must be a port number (1-65535), not 'five'" + System.lineSeparator());
    }

    @Test
    void unknownOptionPrintsUsageAndExitCode2() {
        // when
        int exitCode = ThreadlineUp.run(List.of("--force"), Map.of(), out);

        // then
        assertThat(exitCode).isEqualTo(2);
        assertThat(console.toString(StandardCharsets.UTF_8))
                .isEqualTo("threadline: unknown option --force; usage: ./threadline up [--wipe] [--fail-fast]" + System.lineSeparator());
    }

    @Test
    void wipeRemovesOnlyTheStacksOwnDirectories(@TempDir Path home) throws IOException {
        // given
        LocalStackSettings settings = LocalStackSettings.from(home, Map.of("THREADLINE_HOME", home.toString()));
        Files.createDirectories(settings.kafkaDir().resolve("kraft-logs"));
        Files.createDirectories(settings.postgresDir());
        Files.createDirectories(settings.logsDir());
        Path unrelated = Files.writeString(home.resolve("notes.txt"), "keep me");

        // when
        LocalStack.wipe(settings);

        // then
        assertThat(home).isDirectoryNotContaining(path -> !path.equals(unrelated));
        assertThat(unrelated).hasContent("keep me");
    }
}
