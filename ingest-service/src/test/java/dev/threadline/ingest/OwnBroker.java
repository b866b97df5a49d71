package dev.threadline.ingest;

import dev.threadline.localstack.KafkaBrokerProcess;
import dev.threadline.localstack.LocalPorts;
import dev.threadline.localstack.TopicProvisioner;
import dev.threadline.schemas.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;

/**
 * A broker of a test's own, on free ports with its own data directory and the registry's topics,
 * for tests that crash or freeze it: the shared broker of the test JVM must keep running for the
 * others. Signals go to the broker's JVM, found among this JVM's descendants by its data directory.
 */
public final class OwnBroker implements AutoCloseable {

    private final KafkaBrokerProcess.Config config;
    private KafkaBrokerProcess broker;

    private OwnBroker(KafkaBrokerProcess.Config config) {
        this.config = config;
        this.broker = KafkaBrokerProcess.start(config);
    }

    /** Starts a new broker and creates the registry's topics on it. */
    public static OwnBroker start() {
        try {
            Path dataDir = Files.createTempDirectory("threadline-own-broker-");
            OwnBroker own = new OwnBroker(KafkaBrokerProcess.Config.of(dataDir, LocalPorts.findFree(), LocalPorts.findFree()));
            TopicProvisioner.provision(own.bootstrapServers(), Topics.all(), (short) 1);
            return own;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    /** SIGKILL, as in a crash: no shutdown hook, no clean close of the logs. Returns once the process is gone. */
    public void kill() {
        ProcessHandle process = process();
        process.destroyForcibly();
        process.onExit().orTimeout(10, TimeUnit.SECONDS).join();
        broker.close();
    }

    /** Starts the broker again on the same ports and data directory; returns once it answers. */
    public void restart() {
        broker = KafkaBrokerProcess.start(config);
    }

    /** SIGSTOP: the broker keeps its connections but answers nothing, as in a long pause or a partition. */
    public void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process().pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProcessHandle process() {
        String properties = config.dataDir().resolve("server.properties").toString();
        return ProcessHandle.current().descendants()
                .filter(p -> commandLine(p).contains("\0kafka.Kafka\0" + properties))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No broker process with " + properties));
    }

    /** The NUL-separated command line from /proc: ProcessHandle.Info cuts long ones (the broker's classpath is long). */
    private static String commandLine(ProcessHandle process) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Stops the broker and deletes its data. */
    @Override
    public void close() {
        broker.close();
        try (var files = Files.walk(config.dataDir())) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
