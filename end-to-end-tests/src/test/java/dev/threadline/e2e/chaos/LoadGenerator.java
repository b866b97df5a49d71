package dev.threadline.e2e.chaos;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Sends the conversation mix through {@code POST /v1/batch} at a fixed rate for a fixed time, and writes every answer
 * into the {@link Ledger} ({@link BatchSender}). Each worker owns its conversations and waits for one batch's answer
 * before it sends the next, so a conversation's commands arrive in order. Nothing is retried: an unacknowledged command may be lost.
 * Where ingest runs is asked before every batch, so a restarted ingest on another port is found.
 */
public final class LoadGenerator implements AutoCloseable {

    private final Supplier<URI> ingest;
    private final BatchSender sender;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> running = new ArrayList<>();
    private volatile boolean stopped;

    public LoadGenerator(Supplier<URI> ingest, Ledger ledger) {
        this.ingest = ingest;
        this.sender = new BatchSender(ledger);
    }

    /** Starts {@code workers} senders that together send {@code rate} commands per second for {@code duration}. */
    public LoadGenerator start(int rate, Duration duration, int workerCount, int batchSize, long seed) {
        long end = System.nanoTime() + duration.toNanos();
        long interval = Math.max(1, (long) (TimeUnit.SECONDS.toNanos(1) * (double) batchSize * workerCount / rate));
        for (int w = 0; w < workerCount; w++) {
            ConversationMix mix = new ConversationMix(seed * 31 + w);
            long offset = interval * w / workerCount;
            running.add(workers.submit(() -> run(mix, batchSize, interval, offset, end)));
        }
        return this;
    }

    /** Whether every worker has sent its last batch and had its answer. */
    public boolean finished() {
        return running.stream().allMatch(Future::isDone);
    }

    /** Ends the load early: each worker stops after the batch it is sending; {@link #awaitEnd()} waits for that. */
    public void stop() {
        stopped = true;
    }

    /** Waits until every worker has sent its last batch and had its answer. */
    public void awaitEnd() {
        for (Future<?> worker : running) {
            try {
                worker.get();
            } catch (Exception e) {
                throw new IllegalStateException("A load worker failed", e);
            }
        }
    }

    private void run(ConversationMix mix, int batchSize, long interval, long offset, long end) {
        long next = System.nanoTime() + offset;
        while (!stopped && next < end) {
            LockSupport.parkNanos(next - System.nanoTime());
            sender.send(ingest.get(), mix.next(batchSize)).forEach(mix::acknowledged);
            next += interval;
            // A sender that fell behind (a slow answer, a timeout) does not burst to catch up.
            next = Math.max(next, System.nanoTime() - interval);
        }
    }

    @Override
    public void close() {
        stopped = true;
        workers.shutdownNow();
    }
}
