package dev.threadline.thread.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka consumer on a thread of its own: subscribes, polls and hands each non-empty batch to
 * {@link #handle}. If polling fails (a rebalance callback could not do its work, say), it leaves
 * the group and joins again after a pause rather than consume from a position it cannot vouch for.
 * No exception ends the thread silently: anything unexpected is logged and the consumer rejoins.
 * Stopping wakes the poll, leaves the group (so the others take its partitions at once) and waits for
 * the thread.
 */
abstract class PollingConsumer<K, V> implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(PollingConsumer.class);

    protected final KafkaConsumer<K, V> consumer;
    private final String topic;
    private final Duration pollTimeout;
    private final RetryBackoff backoff;
    private final Thread loop;
    /** The consumer's Kafka client metrics, removed when it closes. */
    private final AutoCloseable clientMeters;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean running = true;

    /** A consumer of {@code topic} on a thread named {@code threadName}. */
    PollingConsumer(String topic, String threadName, Map<String, Object> settings, Deserializer<K> keys, Deserializer<V> values,
                    Duration pollTimeout, RetryBackoff backoff, ConsumerMeters meters) {
        this.topic = topic;
        this.pollTimeout = pollTimeout;
        this.backoff = backoff;
        this.consumer = new KafkaConsumer<>(settings, keys, values);
        this.clientMeters = meters.bind(consumer);
        this.loop = Thread.ofPlatform().name(threadName).unstarted(this::run);
    }

    /** Starts polling; called by the subclass once it is fully constructed. */
    final void start() {
        loop.start();
    }

    /** Handles one polled batch; must not throw for a bad record. */
    abstract void handle(ConsumerRecords<K, V> records);

    /** Runs on the consumer's thread before every poll; a subclass may resume work it had to put off. */
    void beforePoll() {
    }

    private void run() {
        try {
            while (running) {
                try {
                    consumer.subscribe(List.of(topic), this);
                    while (running) {
                        beforePoll();
                        ConsumerRecords<K, V> records = consumer.poll(pollTimeout);
                        if (!records.isEmpty()) {
                            handle(records);
                        }
                    }
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    Duration wait = backoff.next();
                    LOG.error("Consumer of {} failed; rejoining in {} ms", topic, wait.toMillis(), e);
                    consumer.unsubscribe();
                    sleep(wait);
                }
            }
        } catch (Throwable e) {
            LOG.error("Consumer of {} stopped by an unexpected error; readiness reports it", topic, e);
            throw e;
        } finally {
            // Leave the group even as a static member, so the partitions move to the others without waiting
            // for the session timeout.
            consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(5)));
            closeMeters();
        }
    }

    private void closeMeters() {
        try {
            clientMeters.close();
        } catch (Exception e) {
            LOG.debug("Kafka client metrics of the consumer of {} not removed", topic, e);
        }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        // Kafka's position is right unless a subclass keeps its own.
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
        // Nothing buffered to flush by default.
    }

    /** The retry backoff of this consumer's thread. */
    final RetryBackoff backoff() {
        return backoff;
    }

    /** Waits, returning early when the consumer is stopped. */
    final void sleep(Duration wait) {
        try {
            stopping.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Whether the consumer's thread is alive (it ends only when stopped, or on an Error). */
    final boolean isAlive() {
        return loop.isAlive();
    }

    final boolean isStopping() {
        return !running;
    }

    /** Asks the loop to end without waiting for it. */
    final void stopPolling() {
        running = false;
        stopping.countDown();
        consumer.wakeup();
    }

    final void stop() throws InterruptedException {
        stopPolling();
        loop.join(Duration.ofSeconds(30));
    }
}
