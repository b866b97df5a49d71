package dev.threadline.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The log tail a failed start reports keeps the reason even when the process logged on after it. */
class ChildProcessTailTest {

    @Test
    void anErrorBeforeTheLastLinesComesFirst(@TempDir Path dir) throws IOException {
        List<String> log = new ArrayList<>(List.of("starting", "ERROR [main] Exiting: java.net.BindException: Address already in use",
                "\tat sun.nio.ch.Net.bind", "\tat kafka.network.Acceptor"));
        for (int i = 0; i < 60; i++) {
            log.add("\tsetting." + i + " = " + i);
        }
        Path file = Files.write(dir.resolve("broker.log"), log);

        String tail = ChildProcess.tail(file, 40);

        assertThat(tail).startsWith("ERROR [main] Exiting: java.net.BindException: Address already in use")
                .contains("...").endsWith("setting.59 = 59").doesNotContain("setting.19 = 19");
    }

    @Test
    void aTailWithItsErrorOrWithoutAnyIsTheLastLines(@TempDir Path dir) throws IOException {
        Path quiet = Files.write(dir.resolve("quiet.log"), List.of("one", "two", "three"));
        assertThat(ChildProcess.tail(quiet, 2)).isEqualTo("two" + System.lineSeparator() + "three");
        Path failing = Files.write(dir.resolve("failing.log"), List.of("ERROR early", "middle", "ERROR late", "end"));
        assertThat(ChildProcess.tail(failing, 2)).isEqualTo("ERROR late" + System.lineSeparator() + "end");
    }
}
