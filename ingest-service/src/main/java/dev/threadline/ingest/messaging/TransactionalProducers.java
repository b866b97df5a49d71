package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.ingest.config.IngestKafkaConfig;
import dev.threadline.kafka.ProducerSettings;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.security.KafkaClientSecurity;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Creates the transactional producers of the service, configured so an acknowledged event is never lost. Their
 * settings are micronaut-kafka's {@code kafka.producers.conversation-events.*} (application.yml holds the tuning, and
 * any other Kafka producer setting may be added there), with what Threadline derives from {@code threadline.kafka.*}
 * (linger, compression, the nested timeouts) and its guarantees (acks=all, idempotence, a stable transactional id) on
 * top, where no configuration changes them.
 */
@Singleton
public class TransactionalProducers {

    /** The name of the producers' settings: {@code kafka.producers.conversation-events.*}. */
    public static final String SETTINGS = "conversation-events";

    private final IngestKafkaConfig config;
    private final KafkaClientSecurity security;
    private final ProducerSettings producerSettings;
    private final String instanceId;

    public TransactionalProducers(IngestKafkaConfig config, KafkaClientSecurity security, ProducerSettings producerSettings,
                                  @Value("${micronaut.server.port:8081}") int port) {
        this.config = config;
        this.security = security;
        this.producerSettings = producerSettings;
        this.instanceId = config.instanceId() != null && !config.instanceId().isBlank()
                ? config.instanceId() : hostName() + "-" + port;
    }

    /** A new producer, transactions initialised, for worker {@code slot} of this instance. */
    public Producer<String, ConversationEvent> create(int slot) {
        var topic = Topics.CONVERSATION_EVENTS;
        return transactional("ingest-" + instanceId + "-" + slot, topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    /**
     * A new producer, transactions initialised, for the Kafka intake of this instance. It writes
     * events and dead letters in one transaction, so it takes bytes: the caller serializes events
     * with the serdes of {@link Topics#CONVERSATION_EVENTS} and keeps dead letters as they arrived.
     */
    public Producer<byte[], byte[]> createForIntake() {
        return transactional("ingest-intake-" + instanceId, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * A consumer that reads {@code conversation-events} as the thread service does ({@code read_committed}), with
     * no group: {@link TransactionReadBack} assigns it the partition it needs.
     */
    public Consumer<byte[], byte[]> createReadBack(int slot) {
        Map<String, Object> settings = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "ingest-" + instanceId + "-" + slot + "-read-back",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.maxBlock().toMillis());
        return new KafkaConsumer<>(security.addTo(settings), new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private <K, V> Producer<K, V> transactional(String transactionalId, Serializer<K> keys, Serializer<V> values) {
        long deliveryMs = config.deliveryTimeout().toMillis();
        long lingerMs = config.linger().toMillis();
        Map<String, Object> settings = producerSettings.of(SETTINGS,
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()),
                Map.ofEntries(
                        Map.entry(ProducerConfig.CLIENT_ID_CONFIG, transactionalId),
                        // Stable per instance and use: a restart fences and aborts what the previous run left open.
                        Map.entry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId),
                        Map.entry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) config.transactionTimeout().toMillis()),
                        // Acknowledged only once every in-sync replica has the record; retries never duplicate or reorder.
                        Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
                        Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                        Map.entry(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression()),
                        Map.entry(ProducerConfig.LINGER_MS_CONFIG, (int) lingerMs),
                        Map.entry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryMs),
                        // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
                        Map.entry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, deliveryMs - lingerMs)),
                        // Each blocking call (send, commit, initTransactions) returns after this; a timed-out commit is retried.
                        Map.entry(ProducerConfig.MAX_BLOCK_MS_CONFIG, config.maxBlock().toMillis())));
        var producer = newProducer(settings, keys, values);
        try {
            producer.initTransactions();
            return producer;
        } catch (RuntimeException e) {
            producer.close(java.time.Duration.ZERO);
            throw e;
        }
    }

    /** The one place a producer is constructed; a test may hand out one that answers a commit as a broker once did. */
    protected <K, V> KafkaProducer<K, V> newProducer(Map<String, Object> settings, Serializer<K> keys, Serializer<V> values) {
        return new KafkaProducer<>(settings, keys, values);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
