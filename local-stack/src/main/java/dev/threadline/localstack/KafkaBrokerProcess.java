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
 * A real Apache Kafka broker in KRaft mode (a node that is broker and controller, alone or one of a local cluster
 * with static voters) running as its own JVM.
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

    /**
     * The heap and GC options of Kafka's own {@code kafka-server-start.sh} ({@code KAFKA_HEAP_OPTS} and
     * {@code KAFKA_JVM_PERFORMANCE_OPTS} of {@code kafka-run-class.sh}): what the benchmarks run the broker with.
     */
    public static final List<String> SERVER_START_JVM_OPTIONS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent");

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
     * @param membership     which node of which cluster this broker is; {@link Membership#SINGLE} for a lone broker
     * @param sasl           SASL with ACLs on the client listener, or null for PLAINTEXT without ACLs
     */
    public record Config(Path dataDir, int port, int controllerPort, Path logFile, Duration startupTimeout,
            List<String> jvmOptions, List<String> features, Membership membership, Sasl sasl) {

        /** Environment variable with comma-separated {@code name=level} feature levels for new broker storage. */
        public static final String FEATURES_VARIABLE = "THREADLINE_KAFKA_FEATURES";

        public Config {
            Objects.requireNonNull(dataDir, "dataDir");
            Objects.requireNonNull(logFile, "logFile");
            Objects.requireNonNull(startupTimeout, "startupTimeout");
            jvmOptions = List.copyOf(jvmOptions);
            features = List.copyOf(features);
            Objects.requireNonNull(membership, "membership");
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
                    QUICK_START_JVM_OPTIONS, featuresFrom(System.getenv(FEATURES_VARIABLE)), Membership.SINGLE, null);
        }

        /** {@code "a=1, b=2"} as {@code [a=1, b=2]}; null or blank as none. */
        static List<String> featuresFrom(String value) {
            if (value == null || value.isBlank()) {
                return List.of();
            }
            return Arrays.stream(value.split(",")).map(String::strip).filter(f -> !f.isEmpty()).toList();
        }

        public Config withLogFile(Path logFile) {
            return new Config(dataDir, port, controllerPort, logFile, startupTimeout, jvmOptions, features, membership, sasl);
        }

        public Config withJvmOptions(List<String> jvmOptions) {
            return new Config(dataDir, port, controllerPort, logFile, startupTimeout, jvmOptions, features, membership, sasl);
        }

        public Config withFeatures(List<String> features) {
            return new Config(dataDir, port, controllerPort, logFile, startupTimeout, jvmOptions, features, membership, sasl);
        }

        /** The same broker as one node of a cluster. */
        public Config withMembership(Membership membership) {
            return new Config(dataDir, port, controllerPort, logFile, startupTimeout, jvmOptions, features, membership, sasl);
        }

        /** The same broker with SASL and ACLs on its client listener. */
        public Config withSasl(Sasl sasl) {
            return new Config(dataDir, port, controllerPort, logFile, startupTimeout, jvmOptions, features, membership, sasl);
        }

        /** What a client needs to connect as the broker's admin: nothing more for PLAINTEXT. */
        public Map<String, Object> adminClientProperties() {
            return sasl == null ? Map.of() : sasl.adminClientProperties();
        }

        Path logDir() {
            return dataDir.resolve("kraft-logs");
        }
    }

    /**
     * Which node of which KRaft cluster a broker is. Every node is broker and controller, and the controllers are
     * static voters, so a local cluster of three needs no dynamic quorum setup.
     *
     * @param nodeId            this node's id, one of {@code voters}' ids
     * @param clusterId         shared by every node; storage of all nodes is formatted with it
     * @param voters            {@code controller.quorum.voters}, e.g. {@code 1@127.0.0.1:9093,2@127.0.0.1:9095}
     * @param replicationFactor default and internal topics' replication factor
     * @param minInsyncReplicas {@code min.insync.replicas} of the cluster
     */
    public record Membership(int nodeId, String clusterId, String voters, short replicationFactor, int minInsyncReplicas) {

        /** A lone broker: node 1, its own controller, one replica of everything. */
        public static final Membership SINGLE = new Membership(1, null, null, (short) 1, 1);

        /** Node {@code nodeId} of a cluster whose nodes listen for controllers on {@code controllerPorts} (node i+1 at index i). */
        public static Membership ofCluster(int nodeId, String clusterId, List<Integer> controllerPorts,
                short replicationFactor, int minInsyncReplicas) {
            List<String> voters = new ArrayList<>();
            for (int i = 0; i < controllerPorts.size(); i++) {
                voters.add((i + 1) + "@" + HOST + ":" + controllerPorts.get(i));
            }
            return new Membership(nodeId, clusterId, String.join(",", voters), replicationFactor, minInsyncReplicas);
        }

        /** A fresh cluster id for {@link #ofCluster}. */
        public static String newClusterId() {
            return Uuid.randomUuid().toString();
        }
    }

    /**
     * SASL on the client listener, with the standard authorizer and no access without an ACL: the services log in with
     * SCRAM-SHA-512 as users made at run time (KafkaAccess), the admin with PLAIN. The broker logs in to itself and to
     * its controller as the admin, the one super user; the controller listener takes PLAIN only (KRaft controllers
     * cannot read SCRAM credentials, which live in the metadata they serve).
     *
     * @param adminPassword the admin's password; the admin's name is {@link #ADMIN}
     */
    public record Sasl(String adminPassword) {

        public static final String ADMIN = "admin";

        public Sasl {
            Objects.requireNonNull(adminPassword, "adminPassword");
        }

        Map<String, Object> adminClientProperties() {
            return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                    "sasl.jaas.config", plainLogin());
        }

        /** The PLAIN login of the admin, and (as a broker's server side) the one PLAIN user it knows. */
        String plainLogin() {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                    + "\" password=\"" + adminPassword + "\" user_" + ADMIN + "=\"" + adminPassword + "\";";
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
            BrokerReadiness.await(child, broker.bootstrapServers(), config.adminClientProperties(), config.port(),
                    config.startupTimeout());
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
        Membership membership = config.membership();
        String voters = membership.voters() != null ? membership.voters() : membership.nodeId() + "@" + controller;
        String replicas = Short.toString(membership.replicationFactor());
        String minIsr = Integer.toString(membership.minInsyncReplicas());
        return String.join("\n",
                "# Written by dev.threadline.localstack.KafkaBrokerProcess on every start.",
                "node.id=" + membership.nodeId(),
                "process.roles=broker,controller",
                "controller.quorum.voters=" + voters,
                listeners(config, client, controller),
                "log.dirs=" + config.logDir().toAbsolutePath(),
                // A lone broker: every internal topic must make do with one replica; a cluster's are its own.
                "default.replication.factor=" + replicas,
                "min.insync.replicas=" + minIsr,
                "offsets.topic.replication.factor=" + replicas,
                "transaction.state.log.replication.factor=" + replicas,
                "transaction.state.log.min.isr=" + minIsr,
                "share.coordinator.state.topic.replication.factor=" + replicas,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                // Tests join consumer groups constantly; waiting 3 s for more members only slows them down.
                "group.initial.rebalance.delay.ms=0",
                // Topics come from the registry; a typo must fail instead of creating a topic.
                "auto.create.topics.enable=false",
                // Transactions version 2: a transaction's first produce waits, on the broker, until the previous
                // transaction's markers are written, retrying every 20 ms by default; back-to-back transactions (ingest's
                // group commits, stats-streams' commits) then wait ~20 ms each. Markers take a few ms here.
                "add.partitions.to.txn.retry.backoff.ms=2",
                "");
    }

    /** The listeners: PLAINTEXT, or SASL with ACLs ({@link Sasl}). */
    private static String listeners(Config config, String client, String controller) {
        if (config.sasl() == null) {
            return String.join("\n",
                    "listeners=PLAINTEXT://" + client + ",CONTROLLER://" + controller,
                    "advertised.listeners=PLAINTEXT://" + client,
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
        String plain = config.sasl().plainLogin();
        return String.join("\n",
                "listeners=SASL_PLAINTEXT://" + client + ",CONTROLLER://" + controller,
                "advertised.listeners=SASL_PLAINTEXT://" + client,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=SASL_PLAINTEXT",
                "listener.security.protocol.map=SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT",
                "sasl.mechanism.inter.broker.protocol=PLAIN",
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=" + plain,
                "listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512",
                "listener.name.sasl_plaintext.plain.sasl.jaas.config=" + plain,
                "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
                        + "org.apache.kafka.common.security.scram.ScramLoginModule required;",
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "super.users=User:" + Sasl.ADMIN,
                "allow.everyone.if.no.acl.found=false");
    }

    private static List<String> formatArguments(Config config, Path properties) {
        String clusterId = config.membership().clusterId() != null ? config.membership().clusterId()
                : Uuid.randomUuid().toString();
        List<String> arguments = new ArrayList<>(
                List.of("format", "--cluster-id", clusterId, "--config", properties.toString()));
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
