package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.ingest.config.IngestKafkaConfig;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes events to conversation-events, keyed by conversation id, in Kafka transactions, and
 * completes a call only once the transaction holding its events has committed.
 *
 * <p>Calls queue up and each publisher thread takes as many as are waiting into one transaction
 * (group commit): every call is atomic and keeps its events in order, while the cost of a commit
 * is shared by all the calls in it. A call that cannot be committed within the delivery timeout
 * fails with {@link KafkaUnavailableException}; the caller may retry.
 */
@Singleton
public class ConversationEventPublisher {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final BlockingQueue<PendingPublish> queue;
    private final List<TransactionWorker> workers = new ArrayList<>();
    private final Duration deadline;
    private final ExecutorService completions = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean accepting = true;

    public ConversationEventPublisher(IngestKafkaConfig config, TransactionalProducers producers) {
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        // Past delivery timeout plus one blocking call, the outcome is reported as unavailable.
        this.deadline = config.deliveryTimeout().plus(config.maxBlock());
        for (int slot = 0; slot < config.publisherThreads(); slot++) {
            TransactionWorker worker = new TransactionWorker(slot, queue, producers, config.maxEventsPerTransaction(), completions);
            workers.add(worker);
            worker.start();
        }
    }

    /** Publishes the events in one transaction, in the given order. */
    public CompletableFuture<List<PublishedEvent>> publish(List<ConversationEvent> events) {
        var pending = new PendingPublish(List.copyOf(events), new CompletableFuture<>());
        if (!accepting || !queue.offer(pending)) {
            pending.result().completeExceptionally(new KafkaUnavailableException(
                    "The ingest service is saturated; too many requests wait for Kafka", RETRY_AFTER, null));
        }
        return pending.result()
                .orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionallyCompose(ConversationEventPublisher::asUnavailable);
    }

    private static CompletableFuture<List<PublishedEvent>> asUnavailable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException) {
            cause = new KafkaUnavailableException("Kafka did not commit the events in time", RETRY_AFTER, cause);
        }
        return CompletableFuture.failedFuture(cause);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        accepting = false;
        for (TransactionWorker worker : workers) {
            worker.stopAfterQueue();
        }
        for (TransactionWorker worker : workers) {
            worker.join(Duration.ofSeconds(30));
        }
        completions.close();
    }
}
