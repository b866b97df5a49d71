package dev.threadline.stats.streams;

import dev.threadline.stats.config.StatsConfig;
import dev.threadline.stats.topology.DeadLetteringDeserializationHandler;
import dev.threadline.stats.topology.DeadLetteringProcessingHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The Kafka Streams configuration of stats-streams, from its {@link StatsConfig}. */
public final class StreamsSettings {

    private StreamsSettings() {
    }

    /**
     * @param applicationServer host:port of this instance's HTTP API, advertised to the other instances for
     *                          forwarded interactive queries; null for none (tests without HTTP)
     */
    private static final int SESSION_TIMEOUT_MS = 10_000;
    private static final int PRODUCER_BATCH_BYTES = 256 * 1024;
    private static final long PRODUCER_RETRY_BACKOFF_MS = 10;

    public static Properties of(StatsConfig config, String bootstrapServers, String applicationServer,
                                Map<String, Object> security) {
        Properties settings = new Properties();
        // How every client of the application logs in to the brokers (KafkaClientSecurity); nothing for PLAINTEXT.
        settings.putAll(security);
        settings.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        settings.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Transactions over input offsets, store changelogs and output: a restart or a moved task neither loses
        // nor double-counts an event.
        settings.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        settings.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDirectory().toString());
        settings.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitInterval().toMillis());
        settings.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.numStreamThreads());
        // Internal topics take the cluster's default replication factor (1 locally, 3 in production).
        settings.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        // Every task reads one partition, so there is nothing to wait for before processing what is buffered; the
        // default (0) makes every idle task build "not ready" log messages on every loop of the stream thread.
        settings.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        settings.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringDeserializationHandler.class);
        settings.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetteringProcessingHandler.class);
        settings.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A full batch is sent at once, in a produce request of its own, and each request that brings partitions new
        // to the transaction costs the broker a transaction-log append: with batches that hold a whole commit's
        // outbox chunk, the records of a commit leave together when the commit flushes the producer.
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), 4L * 64 * PRODUCER_BATCH_BYTES);
        // Each commit's first send meets CONCURRENT_TRANSACTIONS while the previous commit's markers are still being
        // written (tens of ms on a replicated cluster); Kafka's default 100 ms backoff, doubling to 1 s, stalled every
        // commit that long. Start at 10 ms; it still doubles to 1 s.
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), PRODUCER_RETRY_BACKOFF_MS);
        // A crashed instance's tasks move to the others after this long without heartbeats.
        settings.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), SESSION_TIMEOUT_MS);
        settings.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), SESSION_TIMEOUT_MS / 4);
        String instanceId = instanceId(config, applicationServer);
        if (instanceId != null) {
            // Static membership, so a restarted instance takes its tasks back at once; Kafka Streams appends the
            // thread index for each stream thread.
            settings.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), instanceId);
        }
        if (applicationServer != null) {
            settings.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        }
        return settings;
    }

    /** The configured name, else this host's name and the advertised server (unique per instance, stable across restarts). */
    private static String instanceId(StatsConfig config, String applicationServer) {
        if (config.instanceId() != null && !config.instanceId().isBlank()) {
            return config.instanceId();
        }
        if (applicationServer == null) {
            return null;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        // A group instance id allows letters, digits, '.', '_' and '-'.
        return (host + "-" + applicationServer).replaceAll("[^A-Za-z0-9._-]", "-");
    }
}
