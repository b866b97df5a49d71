package dev.threadline.ingest.messaging;

import dev.threadline.ingest.config.IngestKafkaConfig;
import dev.threadline.ingest.config.IntakeConfig;
import dev.threadline.schemas.topics.Topics;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import io.micronaut.context.annotation.Property;
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
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka intake: a micronaut-kafka batch listener on conversation-commands that executes each polled batch
 * exactly once — one Kafka transaction holds the events of the batch's valid commands, the dead letters of its
 * invalid records and the consumed offsets, so they are committed together or not at all.
 *
 * <p>micronaut-kafka runs the consumer (its thread, subscription, rebalances, shutdown); offsets are never committed
 * by it ({@link OffsetStrategy#DISABLED}) but sent to this class's transaction. Its own
 * {@code SEND_TO_TRANSACTION} strategy is not used: it opens one transaction per returned value and sends every value
 * to the same {@code @SendTo} topics, where a batch here is one transaction writing to two topics.
 *
 * <p>Nothing is ever skipped: the listener never throws (an exception would let the consumer move past the batch).
 * A commit that times out is resolved by {@link TransactionCommit} (retried, never aborted). When a transaction
 * definitely did not commit, or Kafka is away, the consumer seeks back to the batch's first offsets and polls it
 * again after a pause. When a commit stays undecided, the producer is replaced (its successor fences it and settles
 * the open transaction) and every assigned partition resumes from the offset Kafka committed. It logs once per
 * interruption, not per retry.
 */
@KafkaListener(
        groupId = "${threadline.intake.group-id}",
        clientId = "ingest-intake",
        batch = true,
        // Offsets are committed only inside the producer's transactions.
        offsetStrategy = OffsetStrategy.DISABLED,
        // A group without committed offsets starts at the oldest command, so none is lost.
        offsetReset = OffsetReset.EARLIEST,
        // Commands of aborted producer transactions are never executed.
        isolation = IsolationLevel.READ_COMMITTED,
        pollTimeout = "${threadline.intake.poll-timeout}",
        sessionTimeout = "${threadline.intake.session-timeout}",
        properties = @Property(name = ConsumerConfig.MAX_POLL_RECORDS_CONFIG, value = "${threadline.intake.max-poll-records}"))
@Requires(property = "threadline.intake.enabled", notEquals = "false")
public class CommandIntake {

    private static final Logger LOG = LoggerFactory.getLogger(CommandIntake.class);

    private final IntakeConfig config;
    private final IntakeTranslator translator;
    private final TransactionalProducers producers;
    private final PublishMeters meters;
    private final Duration transactionTimeout;
    private final CountDownLatch stopping = new CountDownLatch(1);
    /** Whether the current interruption was logged; used by the consumer thread only. */
    private boolean interrupted;
    /** Whether the last transaction's outcome is unknown, so the positions must come from Kafka's committed offsets. */
    private boolean unsettled;
    /** Used by the consumer thread; null until created and after it became unusable. */
    private volatile Producer<byte[], byte[]> producer;
    /** The intake producer's Kafka client metrics, removed with it. */
    private volatile AutoCloseable producerMeters;

    CommandIntake(IntakeConfig config, IngestKafkaConfig kafka, IntakeTranslator translator, TransactionalProducers producers,
                  PublishMeters meters) {
        this.config = config;
        this.meters = meters;
        this.translator = translator;
        this.producers = producers;
        this.transactionTimeout = kafka.transactionTimeout();
    }

    @Topic(Topics.Names.CONVERSATION_COMMANDS)
    void execute(ConsumerRecords<byte[], byte[]> records, Consumer<byte[], byte[]> consumer) {
        if (records.isEmpty()) {
            return;
        }
        try {
            if (producer == null) {
                // Fences a predecessor with the same transactional id and settles its open transaction.
                producer = producers.createForIntake();
                producerMeters = meters.bind(producer);
            }
            if (unsettled) {
                LOG.debug("Intake resuming from the committed offsets of {}", consumer.assignment());
                resumeAfterUnknownOutcome(records, consumer);
                unsettled = false;
                resumed();
                return;
            }
            if (execute(records, consumer.groupMetadata())) {
                resumed();
                return;
            }
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // Kafka away, a fenced or broken producer, or a bug.
            interruption(e);
            LOG.debug("Intake batch of {} records not executed, retrying in {}: {}", records.count(), config.retryBackoff(), e.toString());
            closeProducer(Duration.ZERO);
        }
        rewind(records, consumer);
        pause();
    }

    /** Runs the batch in one transaction; false if it did not commit (it is then aborted or its outcome unknown). */
    private boolean execute(ConsumerRecords<byte[], byte[]> records, ConsumerGroupMetadata group) {
        Instant began = Instant.now();
        List<ProducerRecord<byte[], byte[]>> output = new ArrayList<>(records.count());
        List<String> eventTypes = new ArrayList<>(records.count());
        List<String> deadLetterReasons = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            IntakeTranslator.Output translated = translator.translate(record);
            output.addAll(translated.records());
            eventTypes.addAll(translated.eventTypes());
            if (translated.deadLetterReason() != null) {
                deadLetterReasons.add(translated.deadLetterReason());
            }
            next.put(new TopicPartition(record.topic(), record.partition()), new OffsetAndMetadata(record.offset() + 1));
        }
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> record : output) {
                producer.send(record);
            }
            // The offsets commit with the output: a crash before the commit redelivers the batch to a
            // consumer that finds none of its events, and after it, never again.
            producer.sendOffsetsToTransaction(next, group);
        } catch (KafkaException | IllegalStateException e) {
            abort(records, e);
            meters.notCommitted(PublishMeters.Source.INTAKE, "failed", Duration.between(began, Instant.now()));
            return false;
        }
        TransactionCommit.Result result = TransactionCommit.commit(producer, began.plus(transactionTimeout),
                timeout -> LOG.debug("Intake commit not confirmed yet, retrying it: {}", timeout.toString()));
        Duration took = Duration.between(began, Instant.now());
        switch (result.outcome()) {
            case COMMITTED -> {
                meters.committed(PublishMeters.Source.INTAKE, eventTypes, took);
                deadLetterReasons.forEach(meters::commandDeadLettered);
                return true;
            }
            case NOT_COMMITTED -> {
                abort(records, result.cause());
                meters.notCommitted(PublishMeters.Source.INTAKE, "failed", took);
            }
            case UNKNOWN -> {
                meters.notCommitted(PublishMeters.Source.INTAKE, "unknown", took);
                interruption(new KafkaException("Outcome of the intake transaction unknown; its producer is replaced", result.cause()));
                closeProducer(Duration.ZERO);
                unsettled = true;
            }
        }
        return false;
    }

    /** Aborts the open transaction; if even that fails, the producer goes and its successor aborts it. */
    private void abort(ConsumerRecords<byte[], byte[]> records, RuntimeException cause) {
        interruption(cause);
        LOG.debug("Intake batch of {} records not committed, retrying in {}: {}", records.count(), config.retryBackoff(), cause.toString());
        try {
            producer.abortTransaction();
        } catch (KafkaException | IllegalStateException e) {
            closeProducer(Duration.ZERO);
        }
    }

    /** The poll moved past the batch; the next poll takes it again from its first offsets. */
    private static void rewind(ConsumerRecords<byte[], byte[]> records, Consumer<byte[], byte[]> consumer) {
        for (TopicPartition partition : records.partitions()) {
            consumer.seek(partition, records.records(partition).getFirst().offset());
        }
    }

    /**
     * After a transaction of unknown outcome (settled since by the new producer's fencing), with {@code records} the
     * batch just polled and not executed: every assigned partition continues from the offset Kafka committed. One
     * without a committed offset never had a batch commit, so it continues from its rewound position: for the
     * partitions of {@code records}, their first offsets, which the poll has moved past.
     */
    static void resumeAfterUnknownOutcome(ConsumerRecords<byte[], byte[]> records, Consumer<byte[], byte[]> consumer) {
        rewind(records, consumer);
        consumer.committed(consumer.assignment()).forEach((partition, committed) -> {
            if (committed != null) {
                consumer.seek(partition, committed.offset());
            }
        });
    }

    private void interruption(Throwable e) {
        if (!interrupted) {
            if (e instanceof KafkaException) {
                LOG.warn("Intake of {} interrupted, retrying every {} until it works: {}", Topics.CONVERSATION_COMMANDS.name(), config.retryBackoff(), e.toString());
            } else {
                LOG.error("Intake of {} failed, retrying every {} until it works", Topics.CONVERSATION_COMMANDS.name(), config.retryBackoff(), e);
            }
            interrupted = true;
        }
    }

    private void resumed() {
        if (interrupted) {
            LOG.info("Intake of {} resumed", Topics.CONVERSATION_COMMANDS.name());
            interrupted = false;
        }
    }

    private void pause() {
        try {
            stopping.await(config.retryBackoff().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeProducer(Duration timeout) {
        Producer<byte[], byte[]> current = producer;
        producer = null;
        if (current != null) {
            try {
                producerMeters.close();
                current.close(timeout);
            } catch (Exception e) {
                LOG.debug("Closing the intake producer failed", e);
            }
        }
    }

    @PreDestroy
    void stop() {
        stopping.countDown();
        closeProducer(Duration.ofSeconds(5));
    }
}
