package dev.threadline.bench;

import dev.threadline.localstack.KafkaBrokerProcess;
import dev.threadline.localstack.TopicProvisioner;
import dev.threadline.schemas.topics.Topics;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmarks' Kafka broker: one broker process with kafka-server-start.sh's JVM options (as a real deployment runs
 * it, not the local stack's small heap), data in {@code DIR/kafka}, and every topic of the registry with one replica.
 *
 * @param process the running broker
 * @param created the topics it created (none if the data directory already had them)
 */
public record BenchBroker(KafkaBrokerProcess process, List<String> created) {

    public static BenchBroker start(Path dataDir, int kafkaPort, int controllerPort, Path logFile) {
        KafkaBrokerProcess kafka = KafkaBrokerProcess.start(KafkaBrokerProcess.Config
                .of(dataDir.resolve("kafka"), kafkaPort, controllerPort)
                .withLogFile(logFile)
                .withJvmOptions(KafkaBrokerProcess.SERVER_START_JVM_OPTIONS));
        return new BenchBroker(kafka, TopicProvisioner.provision(kafka.bootstrapServers(), Topics.all(), (short) 1));
    }

    public String bootstrapServers() {
        return process.bootstrapServers();
    }
}
