package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.ingest.config.IngestKafkaConfig;
import dev.threadline.schemas.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
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
 */
final class TransactionWorker {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionWorker.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final int slot;
    private final BlockingQueue<PendingPublish> queue;
    private final TransactionalProducers producers;
    private final PublisherStatus status;
    private final IngestKafkaConfig config;
    private final Executor completions;
    private final Thread thread;
    private volatile boolean running = true;
    private Producer<String, ConversationEvent> producer;
    private Duration backoff = FIRST_BACKOFF;

    TransactionWorker(int slot, BlockingQueue<PendingPublish> queue, TransactionalProducers producers,
                      PublisherStatus status, IngestKafkaConfig config, Executor completions) {
        this.slot = slot;
        this.queue = queue;
        this.producers = producers;
        this.status = status;
        this.config = config;
        this.completions = completions;
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
                if (producer == null && !initialise()) {
                    if (!running) {
                        break;
                    }
                    pause();
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
                discardProducer("unexpected error: " + e);
            }
        }
        closeProducer(Duration.ofSeconds(5));
    }

    /** A producer with transactions initialised; false (and the thread marked down) while Kafka cannot give one. */
    private boolean initialise() {
        try {
            producer = producers.create(slot);
            status.up(slot);
            backoff = FIRST_BACKOFF;
            return true;
        } catch (RuntimeException e) {
            LOG.debug("Producer {} not initialised: {}", slot, e.toString());
            status.down(slot, "no producer could be initialised: " + e.getMessage());
            return false;
        }
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
        Instant began = Instant.now();
        List<List<Future<RecordMetadata>>> acks = new ArrayList<>(batch.size());
        try {
            producer.beginTransaction();
            for (PendingPublish pending : batch) {
                List<Future<RecordMetadata>> own = new ArrayList<>(pending.events().size());
                for (ConversationEvent event : pending.events()) {
                    own.add(producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), event.getConversationId(), event)));
                }
                acks.add(own);
            }
        } catch (RuntimeException e) {
            // Nothing was committed; a send that failed at once leaves the transaction to abort.
            notCommitted(batch, e);
            return;
        }
        TransactionCommit.Result result = TransactionCommit.commit(producer, began.plus(config.transactionTimeout()),
                timeout -> status.down(slot, "commit not confirmed yet, retrying it: " + timeout.getMessage()));
        switch (result.outcome()) {
            case COMMITTED -> {
                status.up(slot);
                complete(batch, acks);
            }
            case NOT_COMMITTED -> notCommitted(batch, result.cause());
            case UNKNOWN -> unknown(batch, result.cause());
        }
    }

    private void complete(List<PendingPublish> batch, List<List<Future<RecordMetadata>>> acks) {
        for (int i = 0; i < batch.size(); i++) {
            PendingPublish pending = batch.get(i);
            List<PublishedEvent> receipts = new ArrayList<>(pending.events().size());
            try {
                for (int e = 0; e < pending.events().size(); e++) {
                    ConversationEvent event = pending.events().get(e);
                    RecordMetadata metadata = acks.get(i).get(e).get();
                    receipts.add(new PublishedEvent(event.getEventId(), event.getPayload().getClass().getSimpleName(),
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
        LOG.debug("Transaction of {} calls not committed: {}", batch.size(), cause.toString());
        KafkaUnavailableException failure = new KafkaUnavailableException(
                "Kafka did not commit the events; nothing was published", ConversationEventPublisher.RETRY_AFTER, cause);
        batch.forEach(pending -> settle(pending, failure));
        try {
            producer.abortTransaction();
            status.up(slot);
        } catch (RuntimeException e) {
            discardProducer("transaction could not be aborted: " + e.getMessage());
        }
    }

    /** The commit stayed undecided: the producer is replaced, and the calls' outcome is never learned here. */
    private void unknown(List<PendingPublish> batch, RuntimeException cause) {
        LOG.warn("Commit of {} calls still undecided after {}; replacing producer {}, whose successor settles it: {}",
                batch.size(), config.transactionTimeout(), slot, cause.toString());
        settleUnknown(batch);
        discardProducer("commit of unknown outcome");
    }

    private void settleUnknown(List<PendingPublish> batch) {
        PublishOutcomeUnknownException failure = PublishOutcomeUnknownException.forever(
                "Kafka has not confirmed whether the events were committed. Retry with the same Idempotency-Key.",
                ConversationEventPublisher.RETRY_AFTER);
        batch.forEach(pending -> settle(pending, failure));
    }

    private void settle(PendingPublish pending, KafkaUnavailableException failure) {
        completions.execute(() -> pending.outcome().completeExceptionally(failure));
    }

    private void discardProducer(String reason) {
        status.down(slot, reason);
        closeProducer(Duration.ZERO);
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (RuntimeException e) {
                LOG.debug("Closing producer {} failed", slot, e);
            }
            producer = null;
        }
    }

    /** Backoff with jitter before the next initialisation, doubling up to a bound. */
    private void pause() throws InterruptedException {
        long millis = backoff.toMillis();
        Thread.sleep(ThreadLocalRandom.current().nextLong(millis / 2, millis + 1));
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }

    void stopAfterQueue() {
        running = false;
    }

    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout);
    }
}
