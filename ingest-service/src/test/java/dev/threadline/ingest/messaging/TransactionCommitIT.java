package dev.threadline.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.threadline.ingest.OwnBroker;
import dev.threadline.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A commit that times out because the broker froze (SIGSTOP) is resolved, not guessed: the retried
 * commit waits for the same commit, which succeeds once the broker answers again, and the record is
 * then readable exactly once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionCommitIT {

    /** Any topic will do: the records are plain strings, read back without the registry's serdes. */
    private static final String TOPIC = Topics.CONVERSATION_COMMANDS.name();

    private OwnBroker broker;

    @BeforeAll
    void start() {
        broker = OwnBroker.start();
    }

    @AfterAll
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void commitThatTimedOutIsRetriedUntilItCommits() throws Exception {
        // Given a transaction whose record the broker acknowledged, with commits that block 300 ms at most
        try (var producer = producer("commit-timeout-" + UUID.randomUUID())) {
            initialise(producer);
            producer.beginTransaction();
            String value = "unknown-then-committed-" + UUID.randomUUID();
            producer.send(new ProducerRecord<>(TOPIC, value, value)).get();

            // When the broker freezes during the commit and answers again 3 s later
            broker.freeze();
            CompletableFuture<TransactionCommit.Result> commit;
            Instant began = Instant.now();
            try {
                // The first commit attempt times out: its outcome is unknown, and only a commit may follow.
                assertThatThrownBy(producer::commitTransaction).isInstanceOf(TimeoutException.class);
                assertThatThrownBy(producer::abortTransaction).isInstanceOf(IllegalStateException.class);
                commit = CompletableFuture.supplyAsync(() -> TransactionCommit.commit(producer, began.plusSeconds(30), timeout -> { }));
                Thread.sleep(3_000);
            } finally {
                broker.thaw();
            }

            // Then the retried commit finds the transaction committed, and the record is there once
            TransactionCommit.Result result = commit.get();
            assertThat(result.outcome()).isEqualTo(TransactionCommit.Outcome.COMMITTED);
            assertThat(Duration.between(began, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(committedValues()).containsOnlyOnce(value);
        }
    }

    /** The first initialisation on a new broker creates the transaction log, which takes longer than 300 ms. */
    private static void initialise(KafkaProducer<String, String> producer) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try {
                producer.initTransactions();
                return;
            } catch (TimeoutException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
            }
        }
    }

    /** Every value on the topic that a read_committed consumer sees. */
    private List<String> committedValues() {
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> values = new ArrayList<>();
            Instant deadline = Instant.now().plusSeconds(3);
            while (Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
            return values;
        }
    }

    private KafkaProducer<String, String> producer(String transactionalId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 300,
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000),
                new StringSerializer(), new StringSerializer());
    }
}
