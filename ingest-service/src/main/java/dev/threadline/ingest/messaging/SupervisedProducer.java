package dev.threadline.ingest.messaging;

import dev.threadline.events.ConversationEvent;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producer of one publisher thread, and what the thread tells the service's
 * status about it: a producer is initialised when there is none (with backoff while Kafka cannot
 * give one), and a broken one is closed at once and replaced by a new one with the same
 * transactional id, which fences it and settles its open transaction.
 */
final class SupervisedProducer {

    private static final Logger LOG = LoggerFactory.getLogger(SupervisedProducer.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    private final int slot;
    private final TransactionalProducers producers;
    private final PublisherStatus status;
    private final PublishMeters meters;
    private Producer<String, ConversationEvent> producer;
    /** The producer's Kafka client metrics, removed with it. */
    private AutoCloseable producerMeters;
    private Duration backoff = FIRST_BACKOFF;

    SupervisedProducer(int slot, TransactionalProducers producers, PublisherStatus status, PublishMeters meters) {
        this.slot = slot;
        this.meters = meters;
        this.producers = producers;
        this.status = status;
    }

    /** The producer, with transactions initialised; null until {@link #initialise()} succeeds. */
    Producer<String, ConversationEvent> get() {
        return producer;
    }

    /** Creates a producer if there is none; false (and the slot marked down) while Kafka cannot give one. */
    boolean initialise() {
        if (producer != null) {
            return true;
        }
        try {
            producer = producers.create(slot);
            producerMeters = meters.bind(producer);
            status.up(slot);
            backoff = FIRST_BACKOFF;
            return true;
        } catch (RuntimeException e) {
            LOG.debug("Producer {} not initialised: {}", slot, e.toString());
            status.down(slot, "no producer could be initialised: " + e.getMessage());
            return false;
        }
    }

    void healthy() {
        status.up(slot);
    }

    void unhealthy(String reason) {
        status.down(slot, reason);
    }

    /** Closes the producer without waiting; the next {@link #initialise()} replaces it. */
    void discard(String reason) {
        status.down(slot, reason);
        close(Duration.ZERO);
    }

    void close(Duration timeout) {
        if (producer != null) {
            try {
                producerMeters.close();
                producer.close(timeout);
            } catch (Exception e) {
                LOG.debug("Closing producer {} failed", slot, e);
            }
            producer = null;
        }
    }

    /** Backoff with jitter before the next initialisation, doubling up to a bound. */
    void pause() throws InterruptedException {
        long millis = backoff.toMillis();
        Thread.sleep(ThreadLocalRandom.current().nextLong(millis / 2, millis + 1));
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
}
