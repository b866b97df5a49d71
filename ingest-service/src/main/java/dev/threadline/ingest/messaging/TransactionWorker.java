package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One publisher thread with its own transactional producer: takes every waiting call (up to a
 * bound) into one transaction, commits it, and completes the calls with where their events landed.
 * The producer is created lazily and replaced after an error that leaves it unusable, so the
 * service starts and recovers while Kafka is away.
 */
final class TransactionWorker {

    private static final Logger LOG = LoggerFactory.getLogger(TransactionWorker.class);

    private final int slot;
    private final BlockingQueue<PendingPublish> queue;
    private final TransactionalProducers producers;
    private final int maxEvents;
    private final Executor completions;
    private final Thread thread;
    private volatile boolean running = true;
    private Producer<String, ConversationEvent> producer;

    TransactionWorker(int slot, BlockingQueue<PendingPublish> queue, TransactionalProducers producers, int maxEvents,
                      Executor completions) {
        this.slot = slot;
        this.queue = queue;
        this.producers = producers;
        this.maxEvents = maxEvents;
        this.completions = completions;
        this.thread = Thread.ofPlatform().name("event-publisher-" + slot).daemon(false).unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    private void run() {
        warmUp();
        try {
            while (running || !queue.isEmpty()) {
                PendingPublish first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    commit(drainAfter(first));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeProducer(Duration.ofSeconds(5));
        }
    }

    /** Initialises transactions before the first call needs them; a failure is retried on first use. */
    private void warmUp() {
        try {
            producer = producers.create(slot);
        } catch (KafkaException e) {
            LOG.warn("Producer {} not ready yet: {}", slot, e.toString());
        }
    }

    private List<PendingPublish> drainAfter(PendingPublish first) {
        List<PendingPublish> batch = new ArrayList<>();
        batch.add(first);
        int events = first.events().size();
        PendingPublish next;
        while (events < maxEvents && (next = queue.poll()) != null) {
            batch.add(next);
            events += next.events().size();
        }
        return batch;
    }

    private void commit(List<PendingPublish> batch) {
        List<List<Future<RecordMetadata>>> acks = new ArrayList<>(batch.size());
        try {
            if (producer == null) {
                producer = producers.create(slot);
            }
            producer.beginTransaction();
            for (PendingPublish pending : batch) {
                List<Future<RecordMetadata>> own = new ArrayList<>(pending.events().size());
                for (ConversationEvent event : pending.events()) {
                    own.add(producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), event.getConversationId(), event)));
                }
                acks.add(own);
            }
            producer.commitTransaction();
        } catch (ProducerFencedException | InvalidProducerEpochException | OutOfOrderSequenceException
                 | UnsupportedVersionException | AuthorizationException fatal) {
            LOG.error("Producer {} unusable, replacing it: {}", slot, fatal.toString());
            closeProducer(Duration.ZERO);
            failAll(batch, fatal);
            return;
        } catch (KafkaException e) {
            LOG.warn("Transaction of {} calls not committed: {}", batch.size(), e.toString());
            abort();
            failAll(batch, e);
            return;
        }
        complete(batch, acks);
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
                completions.execute(() -> pending.result().complete(receipts));
            } catch (ExecutionException | InterruptedException e) {
                // Unreachable after a successful commit, which means every send was acknowledged.
                pending.result().completeExceptionally(unavailable(e));
            }
        }
    }

    private void abort() {
        if (producer == null) {
            return;
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            // The next producer with the same transactional id fences and aborts the open transaction.
            closeProducer(Duration.ZERO);
        }
    }

    private void failAll(List<PendingPublish> batch, Exception cause) {
        KafkaUnavailableException unavailable = unavailable(cause);
        batch.forEach(pending -> completions.execute(() -> pending.result().completeExceptionally(unavailable)));
    }

    private static KafkaUnavailableException unavailable(Exception cause) {
        return new KafkaUnavailableException("Kafka did not commit the events: " + cause.getMessage(),
                ConversationEventPublisher.RETRY_AFTER, cause);
    }

    private void closeProducer(Duration timeout) {
        if (producer != null) {
            try {
                producer.close(timeout);
            } catch (KafkaException e) {
                LOG.debug("Closing producer {} failed", slot, e);
            }
            producer = null;
        }
    }

    void stopAfterQueue() {
        running = false;
    }

    void join(Duration timeout) throws InterruptedException {
        thread.join(timeout);
    }
}
