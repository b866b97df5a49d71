package dev.threadline.ingest.messaging;

import dev.threadline.ingest.config.IngestKafkaConfig;
import dev.threadline.ingest.config.IntakeConfig;
import dev.threadline.schemas.topics.Topics;
import dev.threadline.security.KafkaClientSecurity;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the intake topic, conversation-commands, on its own thread, and executes each polled
 * batch exactly once: one Kafka transaction holds the events of the batch's valid commands, the
 * dead letters of its invalid records and the consumed offsets, so they are committed together
 * or not at all.
 *
 * <p>A commit that times out is resolved by {@link TransactionCommit} (retried, never aborted).
 * When a transaction definitely did not commit and is aborted, the consumer seeks back to the
 * batch's first offsets and tries it again after a pause; nothing is skipped. When the commit stays
 * undecided or not even the abort succeeds, the producer is replaced (its successor fences it and
 * settles the open transaction) and the consumer rejoins the group, resuming from the offsets Kafka
 * committed. The loop survives every exception; it logs once per interruption, not per retry.
 */
@Context
@Requires(property = "threadline.intake.enabled", notEquals = "false")
public class CommandIntake {

    private static final Logger LOG = LoggerFactory.getLogger(CommandIntake.class);

    private final IntakeConfig config;
    private final IntakeTranslator translator;
    private final TransactionalProducers producers;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread loop;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Duration transactionTimeout;
    private volatile boolean running = true;
    /** Whether the current interruption was logged; used by the loop thread only. */
    private boolean interrupted;
    /** Used by the loop thread only; null until created and after it became unusable. */
    private Producer<byte[], byte[]> producer;

    CommandIntake(IntakeConfig config, IngestKafkaConfig kafka, KafkaClientSecurity security, IntakeTranslator translator,
                  TransactionalProducers producers) {
        this.config = config;
        this.translator = translator;
        this.producers = producers;
        this.transactionTimeout = kafka.transactionTimeout();
        this.consumer = new KafkaConsumer<>(security.addTo(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, config.groupId(),
                // Offsets are committed only inside the producer's transactions.
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Commands of aborted producer transactions are never executed.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.maxPollRecords(),
                // A group without committed offsets starts at the oldest command, so none is lost.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.loop = Thread.ofPlatform().name("command-intake").unstarted(this::run);
        loop.start();
    }

    private void run() {
        try {
            while (running) {
                try {
                    if (producer == null) {
                        producer = producers.createForIntake();
                        if (interrupted) {
                            LOG.info("Intake of {} resumed", Topics.CONVERSATION_COMMANDS.name());
                            interrupted = false;
                        }
                    }
                    consumer.subscribe(List.of(Topics.CONVERSATION_COMMANDS.name()));
                    while (running) {
                        ConsumerRecords<byte[], byte[]> records = consumer.poll(config.pollTimeout());
                        if (!records.isEmpty()) {
                            executeOrRewind(records);
                        }
                    }
                } catch (WakeupException e) {
                    // stop() woke the poll; the loop condition ends the loop.
                } catch (RuntimeException | LinkageError | AssertionError e) {
                    // Kafka away, a transaction of unknown outcome, or a bug: resume from the committed offsets.
                    recover(e);
                }
            }
        } finally {
            closeProducer(Duration.ofSeconds(5));
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private void recover(Throwable e) {
        if (!interrupted) {
            if (e instanceof KafkaException) {
                LOG.warn("Intake of {} interrupted, rejoining every {} until it works: {}", Topics.CONVERSATION_COMMANDS.name(), config.retryBackoff(), e.toString());
            } else {
                LOG.error("Intake of {} failed, rejoining every {} until it works", Topics.CONVERSATION_COMMANDS.name(), config.retryBackoff(), e);
            }
            interrupted = true;
        }
        try {
            consumer.unsubscribe();
        } catch (RuntimeException unsubscribe) {
            LOG.debug("Unsubscribing the intake failed", unsubscribe);
        }
        pause();
    }

    private void executeOrRewind(ConsumerRecords<byte[], byte[]> records) {
        Instant began = Instant.now();
        List<ProducerRecord<byte[], byte[]>> output = new ArrayList<>(records.count());
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            output.addAll(translator.translate(record));
            next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> record : output) {
                producer.send(record);
            }
            // The offsets commit with the output: a crash before the commit redelivers the batch to a
            // consumer that finds none of its events, and after it, never again.
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
        } catch (KafkaException | IllegalStateException e) {
            abortAndRewind(records, e);
            return;
        }
        TransactionCommit.Result result = TransactionCommit.commit(producer, began.plus(transactionTimeout),
                timeout -> LOG.debug("Intake commit not confirmed yet, retrying it: {}", timeout.toString()));
        switch (result.outcome()) {
            case COMMITTED -> { }
            case NOT_COMMITTED -> abortAndRewind(records, result.cause());
            case UNKNOWN -> {
                closeProducer(Duration.ZERO);
                throw new KafkaException("Outcome of the intake transaction unknown; its producer is replaced", result.cause());
            }
        }
    }

    private void abortAndRewind(ConsumerRecords<byte[], byte[]> records, RuntimeException cause) {
        LOG.debug("Intake batch of {} records not committed, retrying in {}: {}", records.count(), config.retryBackoff(), cause.toString());
        if (!abort()) {
            throw new KafkaException("Intake transaction could not be aborted; its producer is replaced", cause);
        }
        rewind(records);
        pause();
    }

    /** Aborts the open transaction; false if that failed too, and the producer is gone. */
    private boolean abort() {
        try {
            producer.abortTransaction();
            return true;
        } catch (KafkaException | IllegalStateException e) {
            // Fenced, fatal, or Kafka away: the next producer with our transactional id fences this
            // one and settles its open transaction before it sends anything.
            closeProducer(Duration.ZERO);
            return false;
        }
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).getFirst().offset());
        }
    }

    private void pause() {
        try {
            stopping.await(config.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                LOG.debug("Closing the intake producer failed", e);
            }
            producer = null;
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        stopping.countDown();
        consumer.wakeup();
        loop.join(Duration.ofSeconds(30));
    }
}
