package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.ingest.command.PublishedEvent;
import dev.threadline.ingest.config.IngestKafkaConfig;
import dev.threadline.schemas.events.EventTypes;
import dev.threadline.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher thread with its own transactional producer: takes every waiting call (up to a
 * bound) into one transaction, commits it, and settles the calls with what became of it.
 *
 * <p>The thread is its producer's supervisor. It survives every exception: a producer that failed
 * to initialise is retried with backoff and jitter; one whose transaction could not be aborted,
 * or whose commit stayed of unknown outcome, is closed and replaced (the successor, with the same
 * transactional id, fences it and settles its open transaction). A timed-out commit is resolved
 * by {@link TransactionCommit}, never followed by an abort.
 *
 * <p>A commit the producer could not confirm, although every record of it was written (it timed
 * out, or the coordinator answered an error such as {@code INVALID_TXN_STATE} for a transaction it
 * had in fact completed), is never guessed: the producer is replaced, which settles the
 * transaction, and {@link TransactionReadBack} reads what the log holds. Callers hear the truth,
 * "accepted" or "nothing published"; only while Kafka cannot be asked do they hear "not known yet".
 */
final class TransactionWorker {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionWorker.class);

    private final int slot;
    private final BlockingQueue<PendingPublish> queue;
    private final SupervisedProducer producer;
    private final IngestKafkaConfig config;
    private final Executor completions;
    private final Thread thread;
    private final TransactionReadBack readBack;
    private final PublishMeters meters;
    /** When the current transaction began; read by the meters when its calls are settled. */
    private Instant began = Instant.now();
    private volatile boolean running = true;

    TransactionWorker(int slot, BlockingQueue<PendingPublish> queue, TransactionalProducers producers,
                      PublisherStatus status, IngestKafkaConfig config, Executor completions, PublishMeters meters) {
        this.slot = slot;
        this.queue = queue;
        this.meters = meters;
        this.producer = new SupervisedProducer(slot, producers, status, meters);
        this.config = config;
        this.completions = completions;
        this.readBack = new TransactionReadBack(() -> producers.createReadBack(slot));
        this.thread = Thread.ofPlatform().name("event-publisher-" + slot).daemon(false).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    boolean isAlive() {
        return thread.isAlive();
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            List<PendingPublish> batch = List.of();
            try {
                if (!producer.initialise()) {
                    if (!running) {
                        break;
                    }
                    producer.pause();
                    continue;
                }
                PendingPublish first = queue.poll(100, TimeUnit.MILLISECONDS);
                batch = first == null ? List.of() : take(first);
                if (!batch.isEmpty()) {
                    transact(batch);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // A bug, not Kafka: the thread goes on with a fresh producer rather than die.
                LOG.error("Publisher thread {} recovered from an unexpected error; replacing its producer", slot, e);
                settleUnknown(batch);
                producer.discard("unexpected error: " + e);
            }
        }
        producer.close(Duration.ofSeconds(5));
        readBack.close();
    }

    /** The first call and whatever else is waiting, each claimed for this transaction; expired calls are skipped. */
    private List<PendingPublish> take(PendingPublish first) {
        List<PendingPublish> batch = new ArrayList<>();
        int events = 0;
        PendingPublish next = first;
        do {
            if (next.take()) {
                batch.add(next);
                events += next.events().size();
            }
        } while (events < config.maxEventsPerTransaction() && (next = queue.poll()) != null);
        return batch;
    }

    private void transact(List<PendingPublish> batch) {
        began = Instant.now();
        List<List<Future<RecordMetadata>>> acks = new ArrayList<>(batch.size());
        try {
            producer.get().beginTransaction();
            for (PendingPublish pending : batch) {
                List<Future<RecordMetadata>> own = new ArrayList<>(pending.events().size());
                for (int e = 0; e < pending.events().size(); e++) {
                    ConversationEvent event = pending.events().get(e);
                    own.add(producer.get().send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), pending.partitionOf(e),
                            event.getConversationId(), event)));
                }
                acks.add(own);
            }
        } catch (RuntimeException e) {
            // Nothing was committed; a send that failed at once leaves the transaction to abort.
            notCommitted(batch, e);
            return;
        }
        TransactionCommit.Result result = TransactionCommit.commit(producer.get(), began.plus(config.transactionTimeout()),
                timeout -> producer.unhealthy("commit not confirmed yet, retrying it: " + timeout.getMessage()));
        switch (result.outcome()) {
            case COMMITTED -> {
                producer.healthy();
                complete(batch, acks);
            }
            case NOT_COMMITTED -> {
                if (allWritten(acks)) {
                    resolve(batch, acks, result.cause());
                } else {
                    notCommitted(batch, result.cause());
                }
            }
            case UNKNOWN -> resolve(batch, acks, result.cause());
        }
    }

    /**
     * The producer could not confirm the commit: it is replaced (its successor settles the
     * transaction), then the log tells whether the transaction committed. A transaction with a
     * record that was never acknowledged was never asked to commit, so it cannot have.
     */
    private void resolve(List<PendingPublish> batch, List<List<Future<RecordMetadata>>> acks, RuntimeException cause) {
        LOG.warn("Commit of {} calls not confirmed ({}); replacing producer {} and reading back what Kafka holds",
                batch.size(), cause.toString(), slot);
        producer.discard("commit not confirmed: " + cause.getMessage());
        if (!allWritten(acks)) {
            fail(batch, cause);
            return;
        }
        if (!producer.initialise()) {
            settleUnknown(batch);
            return;
        }
        RecordMetadata written = acks.stream().flatMap(List::stream).findFirst().orElseThrow().resultNow();
        switch (readBack.outcome(written, Instant.now().plus(config.publishTimeout()))) {
            case COMMITTED -> complete(batch, acks);
            case NOT_COMMITTED -> fail(batch, cause);
            case UNKNOWN -> settleUnknown(batch);
        }
    }

    private static boolean allWritten(List<List<Future<RecordMetadata>>> acks) {
        return acks.stream().flatMap(List::stream).allMatch(ack -> ack.state() == Future.State.SUCCESS);
    }

    private void complete(List<PendingPublish> batch, List<List<Future<RecordMetadata>>> acks) {
        // Each event's type once, for the metrics and its receipt alike.
        List<String> types = batch.stream().flatMap(pending -> pending.events().stream()).map(EventTypes::of).toList();
        meters.committed(PublishMeters.Source.HTTP, types, sinceBegan());
        int typeAt = 0;
        for (int i = 0; i < batch.size(); i++) {
            PendingPublish pending = batch.get(i);
            int first = typeAt;
            typeAt += pending.events().size();
            List<PublishedEvent> receipts = new ArrayList<>(pending.events().size());
            try {
                for (int e = 0; e < pending.events().size(); e++) {
                    ConversationEvent event = pending.events().get(e);
                    RecordMetadata metadata = acks.get(i).get(e).get();
                    receipts.add(new PublishedEvent(event.getEventId(), types.get(first + e),
                            metadata.partition(), metadata.offset()));
                }
                // Completing runs the caller's continuation (response encoding); keep it off this
                // thread so the next transaction does not wait for it.
                completions.execute(() -> pending.outcome().complete(receipts));
            } catch (ExecutionException | InterruptedException e) {
                // Unreachable after a successful commit, which means every send was acknowledged.
                settle(pending, new KafkaUnavailableException("Kafka committed the events but hid their offsets",
                        ConversationEventPublisher.RETRY_AFTER, e));
            }
        }
    }

    /** The transaction definitely did not commit: its calls fail, and the transaction is aborted or its producer replaced. */
    private void notCommitted(List<PendingPublish> batch, RuntimeException cause) {
        fail(batch, cause);
        try {
            producer.get().abortTransaction();
            producer.healthy();
        } catch (RuntimeException e) {
            producer.discard("transaction could not be aborted: " + e.getMessage());
        }
    }

    private void fail(List<PendingPublish> batch, RuntimeException cause) {
        meters.notCommitted(PublishMeters.Source.HTTP, "failed", sinceBegan());
        LOG.debug("Transaction of {} calls not committed: {}", batch.size(), cause.toString());
        KafkaUnavailableException failure = new KafkaUnavailableException(
                "Kafka did not commit the events; nothing was published", ConversationEventPublisher.RETRY_AFTER, cause);
        batch.forEach(pending -> settle(pending, failure));
    }

    private void settleUnknown(List<PendingPublish> batch) {
        if (!batch.isEmpty()) {
            meters.notCommitted(PublishMeters.Source.HTTP, "unknown", sinceBegan());
        }
        PublishOutcomeUnknownException failure = PublishOutcomeUnknownException.forever(
                "Kafka has not confirmed whether the events were committed. Retry with the same Idempotency-Key.",
                ConversationEventPublisher.RETRY_AFTER);
        batch.forEach(pending -> settle(pending, failure));
    }

    private void settle(PendingPublish pending, KafkaUnavailableException failure) {
        completions.execute(() -> pending.outcome().completeExceptionally(failure));
    }

    private Duration sinceBegan() {
        return Duration.between(began, Instant.now());
    }

    void stopAfterQueue() {
        running = false;
    }

    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout);
    }
}
