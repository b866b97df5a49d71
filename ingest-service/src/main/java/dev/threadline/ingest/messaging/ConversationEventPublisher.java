package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.ingest.command.PublishedEvent;
import dev.threadline.ingest.config.IngestKafkaConfig;
import dev.threadline.schemas.topics.Topics;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes events to conversation-events, keyed by conversation id, in Kafka transactions, and
 * completes a call only once the transaction holding its events has committed.
 *
 * <p>Calls queue up and each publisher thread takes as many as are waiting into one transaction
 * (group commit): every call is atomic and keeps its events in order, while the cost of a commit
 * is shared by all the calls in it.
 *
 * <p>A caller waits at most {@code threadline.kafka.publish-timeout}. If its call is still queued
 * then, the call expires and is never published ({@link KafkaUnavailableException}); if it is
 * inside a transaction, the caller learns that the outcome is not known yet
 * ({@link PublishOutcomeUnknownException}, which settles later). While every publisher thread
 * knows Kafka is unreachable, calls fail at once.
 */
@Singleton
public class ConversationEventPublisher {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final BlockingQueue<PendingPublish> queue;
    private final List<TransactionWorker> workers = new ArrayList<>();
    private final PublisherStatus status;
    private final Duration wait;
    private final ExecutorService completions = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledThreadPoolExecutor deadlines;
    private final TransactionalProducers producers;
    private Consumer<byte[], byte[]> metadata;
    private volatile boolean accepting = true;

    public ConversationEventPublisher(IngestKafkaConfig config, TransactionalProducers producers, PublishMeters meters) {
        this.producers = producers;
        this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
        this.wait = config.publishTimeout();
        this.status = new PublisherStatus(config.publisherThreads());
        this.deadlines = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("publish-deadlines").daemon(true).factory());
        // Most calls finish long before their deadline; drop their timers instead of keeping them for the full wait.
        deadlines.setRemoveOnCancelPolicy(true);
        for (int slot = 0; slot < config.publisherThreads(); slot++) {
            TransactionWorker worker = new TransactionWorker(slot, queue, producers, status, config, completions, meters);
            workers.add(worker);
            worker.start();
        }
    }

    /** Publishes the events in one transaction, in the given order; settles within the publish timeout. */
    public CompletableFuture<List<PublishedEvent>> publish(List<ConversationEvent> events) {
        return enqueue(new PendingPublish(events));
    }

    /**
     * Publishes {@code event} once to each of the first {@code partitions} partitions of conversation-events (its
     * key is not looked at), in one transaction: an event that must take its place in the order of every conversation.
     * The receipts are in partition order.
     */
    public CompletableFuture<List<PublishedEvent>> publishToEveryPartition(ConversationEvent event, int partitions) {
        List<Integer> each = IntStream.range(0, partitions).boxed().toList();
        return enqueue(new PendingPublish(Collections.nCopies(partitions, event), each));
    }

    /**
     * How many partitions conversation-events has, as the brokers' metadata says now.
     *
     * @throws KafkaUnavailableException if Kafka does not tell within the producers' max block time
     */
    public synchronized int partitionCount() {
        try {
            if (metadata == null) {
                metadata = producers.createReadBack(-1);
            }
            return metadata.partitionsFor(Topics.CONVERSATION_EVENTS.name()).size();
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("Kafka did not tell how many partitions "
                    + Topics.CONVERSATION_EVENTS.name() + " has; nothing was published (" + e.getMessage() + ")", RETRY_AFTER, e);
        }
    }

    private CompletableFuture<List<PublishedEvent>> enqueue(PendingPublish pending) {
        if (!accepting) {
            return CompletableFuture.failedFuture(unavailable("The ingest service is shutting down; nothing was published"));
        }
        if (status.knownUnreachable()) {
            return CompletableFuture.failedFuture(unavailable("Kafka is unreachable; nothing was published (" + status.unavailable().orElse("") + ")"));
        }
        if (!queue.offer(pending)) {
            return CompletableFuture.failedFuture(unavailable("The ingest service is saturated, too many requests wait for Kafka; nothing was published"));
        }
        CompletableFuture<List<PublishedEvent>> caller = new CompletableFuture<>();
        ScheduledFuture<?> deadline = deadlines.schedule(() -> endWait(pending, caller), wait.toMillis(), TimeUnit.MILLISECONDS);
        pending.outcome().whenComplete((receipts, error) -> {
            deadline.cancel(false);
            if (error == null) {
                caller.complete(receipts);
            } else {
                caller.completeExceptionally(error);
            }
        });
        return caller;
    }

    /** The caller's wait is over: a queued call expires unpublished; a call in a transaction is reported undecided. */
    private void endWait(PendingPublish pending, CompletableFuture<List<PublishedEvent>> caller) {
        if (pending.expire()) {
            queue.remove(pending);
            var failure = unavailable("Kafka did not take the events within " + wait.toMillis() + " ms; nothing was published");
            completions.execute(() -> pending.outcome().completeExceptionally(failure));
        } else {
            var failure = new PublishOutcomeUnknownException("Kafka has not confirmed within " + wait.toMillis()
                    + " ms whether the events were committed. Retry with the same Idempotency-Key: the retry gets the"
                    + " original answer once it is known, and nothing is published twice.", RETRY_AFTER, pending.outcome());
            completions.execute(() -> caller.completeExceptionally(failure));
        }
    }

    /**
     * Maps a call's receipts as {@link CompletableFuture#thenApply} does, and also the receipts that
     * an undecided call may still get, so that whoever settles an undecided call later gets the mapped value.
     */
    public static <T> CompletableFuture<T> mapReceipts(CompletableFuture<List<PublishedEvent>> published,
                                                       Function<List<PublishedEvent>, T> mapping) {
        return published.handle((receipts, error) -> {
            if (error == null) {
                return mapping.apply(receipts);
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            throw new CompletionException(cause instanceof PublishOutcomeUnknownException unknown ? unknown.mapped(mapping) : cause);
        });
    }

    /** Why the service cannot publish now; empty while it can. */
    public Optional<String> unavailable() {
        return status.unavailable();
    }

    /** False if a publisher thread has ended while the service runs: the process is wedged. */
    public boolean publisherThreadsAlive() {
        return !accepting || workers.stream().allMatch(TransactionWorker::isAlive);
    }

    private static KafkaUnavailableException unavailable(String message) {
        return new KafkaUnavailableException(message, RETRY_AFTER, null);
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
        // Calls a worker could not take (Kafka away at shutdown) are answered now, not left waiting.
        PendingPublish left;
        while ((left = queue.poll()) != null) {
            if (left.expire()) {
                left.outcome().completeExceptionally(unavailable("The ingest service stopped; nothing was published"));
            }
        }
        deadlines.shutdownNow();
        completions.close();
        synchronized (this) {
            if (metadata != null) {
                metadata.close(Duration.ofSeconds(1));
            }
        }
    }
}
