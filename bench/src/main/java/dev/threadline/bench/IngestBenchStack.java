package dev.threadline.bench;

import dev.threadline.localstack.DevelopmentTokens;
import dev.threadline.localstack.EmbeddedPostgresServer;
import dev.threadline.localstack.InfrastructureEndpoints;
import dev.threadline.localstack.KafkaBrokerProcess;
import dev.threadline.localstack.ServiceProcess;
import dev.threadline.localstack.ThreadlineService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The part of Threadline the ingest benchmark needs, and nothing else: PostgreSQL (the ingest service keeps its
 * idempotency keys there), one Kafka broker, the registry's topics and the ingest service, started with the local
 * runtime's own classes. Runs in the foreground until SIGTERM, when the local runtime's shutdown sequence stops the
 * service, then the broker, then PostgreSQL.
 *
 * <p>Why not {@code ./threadline up}: on a 2-core machine the thread service (writing every event to PostgreSQL)
 * and stats-streams would consume the events while they are produced and take CPU from the ingest service, and
 * {@code up} starts the broker for a quick start (C1 only, serial GC, 256 MB), not for throughput. Here the broker
 * runs with the heap and GC options of Kafka's own {@code kafka-server-start.sh}.
 *
 * <p>Run by {@code bench/ingest-benchmark.sh}: {@code java -cp bench/target/bench.jar:<bench/target/runtime.classpath>
 * dev.threadline.bench.IngestBenchStack --data DIR --kafka-port P --controller-port P --postgres-port P --ingest-port P};
 * the data directory is the caller's to wipe.
 */
@Command(name = "IngestBenchStack", sortOptions = false,
        description = "PostgreSQL, one Kafka broker (kafka-server-start.sh JVM options), the registry's topics and the "
                + "ingest service from its jar; prints \"up\" when the service is healthy and runs until SIGTERM.")
public final class IngestBenchStack implements Callable<Integer> {

    private static volatile boolean stopping;

    @Mixin
    Cli.Help help;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "data and logs (DIR/postgres, DIR/kafka, DIR/logs) and the token secret; the caller wipes it")
    Path data;

    @Option(names = "--kafka-port", paramLabel = "P", required = true, description = "the broker's client port")
    int kafkaPort;

    @Option(names = "--controller-port", paramLabel = "P", required = true, description = "the broker's controller port")
    int controllerPort;

    @Option(names = "--postgres-port", paramLabel = "P", required = true, description = "PostgreSQL's port")
    int postgresPort;

    @Option(names = "--ingest-port", paramLabel = "P", required = true, description = "the ingest service's HTTP port")
    int ingestPort;

    /** The infrastructure's settings and the data directory's token secret (./threadline token with THREADLINE_HOME=it). */
    private static Map<String, String> environment(InfrastructureEndpoints endpoints, Path dataDir) {
        Map<String, String> environment = new HashMap<>(endpoints.asEnvironment());
        environment.put(DevelopmentTokens.SECRET_VARIABLE, DevelopmentTokens.secret(dataDir));
        return environment;
    }

    public static void main(String[] args) {
        Cli.run(new IngestBenchStack(), args);
    }

    @Override
    public Integer call() throws InterruptedException {
        Path dataDir = data.toAbsolutePath();
        Path logs = dataDir.resolve("logs");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopping = true));

        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(EmbeddedPostgresServer.Config.persistent(
                dataDir.resolve("postgres"), postgresPort, logs.resolve("postgres.log")));
        System.out.println("postgres " + postgres.jdbcUrl());

        BenchBroker broker = BenchBroker.start(dataDir, kafkaPort, controllerPort, logs.resolve("kafka.log"));
        KafkaBrokerProcess kafka = broker.process();
        System.out.println("kafka " + kafka.bootstrapServers());
        System.out.println("topics " + broker.created().size() + " created");

        ThreadlineService ingest = ThreadlineService.INGEST;
        ServiceProcess service = ServiceProcess.start(new ServiceProcess.Config(ingest.module(),
                ingest.jar(ServiceProcess.locateRepoRoot()), ingestPort,
                environment(new InfrastructureEndpoints(kafka.bootstrapServers(), postgres.jdbcUrl(), postgres.user(),
                        postgres.password()), dataDir),
                logs.resolve(ingest.module() + ".log")));
        service.awaitHealthy(Duration.ofMinutes(3));
        System.out.println("ingest-service " + service.baseUri());
        System.out.println("up");
        // Watch, so that a broker or service that dies ends the benchmark instead of timing out its requests.
        while (kafka.isRunning() && service.isRunning()) {
            Thread.sleep(1_000);
        }
        Thread.sleep(500);
        if (!stopping) {
            System.out.println("failed: " + (kafka.isRunning() ? service : kafka) + " stopped; see " + logs);
            return 1;
        }
        return 0;
    }
}
