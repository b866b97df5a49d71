package dev.threadline.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker in KRaft mode (one node that is broker and controller) running as its own JVM.
 *
 * <p>Tests and {@code ./threadline up} need the real broker, and no Docker engine exists on the build machines.
 * Its own JVM keeps Scala and log4j2 off the caller's classpath: the broker's classpath is the
 * {@code broker.classpath} resource that the {@code local-kafka} module writes at build time. Storage is
 * formatted only while {@code meta.properties} is missing, so a restart on the same data directory keeps every
 * topic and record.
 */
public final class KafkaBrokerProcess implements AutoCloseable, SupervisedProcess {

    /** How long a broker may take to answer; generous because a 2-core machine also runs the build. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(90);

    /**
     * Heap as in DESIGN; C1-only JIT and the serial collector start the broker about 3 s sooner on a 2-core machine,
     * at a cost in peak throughput that local runs and tests do not notice. A benchmark should pass its own options.
     */
    public static final List<String> QUICK_START_JVM_OPTIONS =
            List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerProcess.class);
    private static final String CLASSPATH_RESOURCE = "/dev/threadline/localkafka/broker.classpath";
    private static final String LOG4J_RESOURCE = "/dev/threadline/localkafka/log4j2.xml";
    private static final String HOST = "127.0.0.1";

    /**
     * Where and how the broker runs.
     *
     * @param dataDir        holds the generated configuration and the log directory; keep it to keep the data
     * @param port           the client listener on 127.0.0.1
     * @param controllerPort the KRaft controller listener on 127.0.0.1
     * @param logFile        the broker's stdout and stderr
     * @param startupTimeout how long to wait for the broker to answer
     * @param jvmOptions     heap, GC and JIT options of the broker JVM (the JDK flags are always added)
     * @param features       feature levels to format new storage with, as {@code name=level} (e.g.
     *                       {@code transaction.version=1}); empty: the release's defaults. Storage that exists keeps
     *                       the levels it was formatted with.
     */
    public record Config(Path dataDir, int port, int controllerPort, Path logFile, Duration startupTimeout,
            List<String> jvmOptions, List<String> features) {

        /** Environment variable with comma-separated {@code name=level} feature levels for new broker storage. */
        public static final String FEATURES_VARIABLE = "THREADLINE_KAFKA_FEATURES";

        public Config {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(logFile, "logFile");
            Objects.requireNonNull(startupTimeout, "startupTimeout");
            jvmOptions = List.copyOf(jvmOptions);
            features = List.copyOf(features);
            for (String feature : features) {
                if (!feature.matches("[a-z][a-z.]*=\\d+")) {
                    throw new IllegalArgumentException("Kafka feature '" + feature + "' is not name=level, e.g. transaction.version=1");
                }
            }
        }

        /**
         * A quick-starting broker whose log file lives in its data directory, with the feature levels of
         * {@value #FEATURES_VARIABLE} if it is set.
         */
        public static Config of(Path dataDir, int port, int controllerPort) {
            return new Config(dataDir, port, controllerPort, dataDir.resolve("broker.log"), DEFAULT_STARTUP_TIMEOUT,
                    QUICK_START_JVM_OPTIONS, featuresFrom(System.getenv(FEATURES_VARIABLE)));
        }

        /** {@code "a=1, b=2"} as {@code [a=1, b=2]}; null or blank as none. */
        static List<String> featuresFrom(String value) {
            if (value == null || value.isBlank()) {
                return List.of();
            }
            return Arrays.stream(value.split(",")).map(String::strip).filter(f -> !f.isEmpty()).toList();
        }

        public Config withLogFile(Path logFile) {
            return new Config(dataDir, port, controllerPort, logFile, startupTimeout, jvmOptions, features);
        }

        public Config withJvmOptions(List<String> jvmOptions) {
            return new Config(dataDir, port, controllerPort, logFile, startupTimeout, jvmOptions, features);
        }

        public Config withFeatures(List<String> features) {
            return new Config(dataDir, port, controllerPort, logFile, startupTimeout, jvmOptions, features);
        }

        Path logDir() {
            return dataDir.resolve("kraft-logs");
        }
    }

    private final Config config;
    private final ChildProcess process;

    private KafkaBrokerProcess(Config config, ChildProcess process) {
        this.config = config;
        this.process = process;
    }

    /** Starts the broker, formatting its storage first if it is new, and returns once it answers. */
    public static KafkaBrokerProcess start(Config config) {
        long started = System.nanoTime();
        Path properties = writeConfiguration(config);
        JavaCommand java = JavaCommand.ofCurrentJvm();
        List<String> jvmOptions = new ArrayList<>(config.jvmOptions());
        jvmOptions.add("-Djava.awt.headless=true");
        jvmOptions.add("-Dlog4j2.configurationFile=" + config.dataDir().resolve("log4j2.xml"));
        String classpath = brokerClasspath();
        if (!Files.exists(config.logDir().resolve("meta.properties"))) {
            formatStorage(config, java.mainClass(jvmOptions, classpath, "kafka.tools.StorageTool",
                    formatArguments(config, properties)));
        }
        ChildProcess child = ChildProcess.start("kafka",
                java.mainClass(jvmOptions, classpath, "kafka.Kafka", List.of(properties.toString())),
                Map.of(), config.logFile());
        KafkaBrokerProcess broker = new KafkaBrokerProcess(config, child);
        try {
            BrokerReadiness.await(child, broker.bootstrapServers(), config.port(), config.startupTimeout());
        } catch (RuntimeException e) {
            child.stop(ChildProcess.STOP_GRACE);
            throw e;
        }
        ShutdownSequence.register(broker);
        LOG.info("Kafka broker {} answers on {} after {} ms", child, broker.bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - started).toMillis());
        return broker;
    }

    public String bootstrapServers() {
        return HOST + ":" + config.port();
    }

    public Config config() {
        return config;
    }

    public Path logFile() {
        return config.logFile();
    }

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public boolean isRunning() {
        return process.isAlive();
    }

    @Override
    public String howItEnded() {
        return "exited with code " + process.exitCode();
    }

    /** An {@code ApiVersions} request is answered within two seconds. */
    @Override
    public boolean answers() {
        return BrokerReadiness.answers(config.port(), Duration.ofSeconds(2));
    }

    /** A new broker on the same ports and storage; it recovers its logs before it answers. */
    @Override
    public KafkaBrokerProcess restarted() {
        close();
        return start(config);
    }

    /** SIGKILL: the broker gets no chance to flush or to leave the quorum cleanly. */
    @Override
    public void kill() {
        ShutdownSequence.deregister(this);
        process.kill();
    }

    /** Stops the broker: SIGTERM, a clean shutdown of up to 20 s, then SIGKILL. */
    @Override
    public void close() {
        ShutdownSequence.deregister(this);
        process.stop(ChildProcess.STOP_GRACE);
    }

    @Override
    public String toString() {
        return "Kafka broker " + bootstrapServers();
    }

    private static Path writeConfiguration(Config config) {
        try {
            Files.createDirectories(config.logDir());
            try (InputStream log4j = resource(LOG4J_RESOURCE)) {
                Files.copy(log4j, config.dataDir().resolve("log4j2.xml"), StandardCopyOption.REPLACE_EXISTING);
            }
            Path properties = config.dataDir().resolve("server.properties");
            Files.writeString(properties, serverProperties(config), StandardCharsets.UTF_8);
            return properties;
        } catch (IOException e) {
            throw new LocalStackException("Cannot write the Kafka configuration under " + config.dataDir(), e);
        }
    }

    private static String serverProperties(Config config) {
        String client = HOST + ":" + config.port();
        String controller = HOST + ":" + config.controllerPort();
        return String.join("\n",
                "# Written by dev.threadline.localstack.KafkaBrokerProcess on every start.",
                "node.id=1",
                "process.roles=broker,controller",
                "controller.quorum.voters=1@" + controller,
                "listeners=PLAINTEXT://" + client + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://" + client,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + config.logDir().toAbsolutePath(),
                // One broker: every internal topic must make do with one replica.
                "default.replication.factor=1",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                // Tests join consumer groups constantly; waiting 3 s for more members only slows them down.
                "group.initial.rebalance.delay.ms=0",
                // Topics come from the registry; a typo must fail instead of creating a topic.
                "auto.create.topics.enable=false",
                "");
    }

    private static List<String> formatArguments(Config config, Path properties) {
        List<String> arguments = new ArrayList<>(
                List.of("format", "--cluster-id", Uuid.randomUuid().toString(), "--config", properties.toString()));
        for (String feature : config.features()) {
            arguments.add("--feature");
            arguments.add(feature);
        }
        return arguments;
    }

    private static void formatStorage(Config config, List<String> command) {
        LOG.info("Formatting new Kafka storage in {}", config.logDir());
        ChildProcess format = ChildProcess.start("kafka storage format", command, Map.of(), config.logFile());
        if (!format.awaitExit(config.startupTimeout())) {
            format.stop(Duration.ZERO);
            throw format.notReady("finish", config.startupTimeout());
        }
        if (format.exitCode() != 0) {
            throw format.exitedUnexpectedly("while formatting " + config.logDir());
        }
    }

    private static String brokerClasspath() {
        try (InputStream in = resource(CLASSPATH_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = KafkaBrokerProcess.class.getResourceAsStream(name);
        if (in == null) {
            throw new LocalStackException(name + " is not on the classpath; depend on dev.threadline:local-kafka"
                    + " and build it with Maven");
        }
        return in;
    }
}
