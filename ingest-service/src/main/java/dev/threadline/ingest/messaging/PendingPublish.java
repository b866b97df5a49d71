package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import dev.threadline.ingest.command.PublishedEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events waiting for a transaction, and the future that settles what became of them.
 *
 * <p>A pending call is claimed exactly once: either a publisher thread takes it into a transaction
 * or its caller's wait ends first and it expires. An expired call is never published, so the 503
 * its caller got is the truth; a taken call's outcome is whatever its transaction's commit was.
 */
final class PendingPublish {

    private static final int QUEUED = 0;
    private static final int TAKEN = 1;
    private static final int EXPIRED = 2;

    private final List<ConversationEvent> events;
    private final List<Integer> partitions;
    private final CompletableFuture<List<PublishedEvent>> outcome = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(QUEUED);

    PendingPublish(List<ConversationEvent> events) {
        this.events = List.copyOf(events);
        this.partitions = null;
    }

    /** Events each for the partition at the same index of {@code partitions}, not the one of its key. */
    PendingPublish(List<ConversationEvent> events, List<Integer> partitions) {
        if (events.size() != partitions.size()) {
            throw new IllegalArgumentException(events.size() + " events for " + partitions.size() + " partitions");
        }
        this.events = List.copyOf(events);
        this.partitions = List.copyOf(partitions);
    }

    List<ConversationEvent> events() {
        return events;
    }

    /** The partition the event at {@code index} goes to; null: the partition of its key, the conversation id. */
    Integer partitionOf(int index) {
        return partitions == null ? null : partitions.get(index);
    }

    /** Completed with the receipts once committed, or with why the events were (or may have been) not committed. */
    CompletableFuture<List<PublishedEvent>> outcome() {
        return outcome;
    }

    /** Claims the call for a transaction; false if its caller's wait already ended. */
    boolean take() {
        return state.compareAndSet(QUEUED, TAKEN);
    }

    /** Claims the call for expiry; false if a transaction already holds it. */
    boolean expire() {
        return state.compareAndSet(QUEUED, EXPIRED);
    }
}
