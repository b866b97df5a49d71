package dev.threadline.thread.messaging;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * Stopping wakes the poll and waits for the thread.
 */
abstract class PollingConsumer<K, V> implements ConsumerRebalanceListener {

    private static final Logger LOG = LoggerFactory.getLogger(PollingConsumer.class);

    protected final KafkaConsumer<K, V> consumer;
    private final String topic;
    private final Duration pollTimeout;
    private final Duration retryBackoff;
    private final Thread loop;
    private volatile boolean running = true;

    PollingConsumer(String topic, Map<String, Object> settings, Deserializer<K> keys, Deserializer<V> values,
                    Duration pollTimeout, Duration retryBackoff) {
        this(topic, 1, settings, keys, values, pollTimeout, retryBackoff);
    }

    /** The {@code number}th consumer of {@code topic} in this instance (threads are named after it). */
    PollingConsumer(String topic, int number, Map<String, Object> settings, Deserializer<K> keys, Deserializer<V> values,
                    Duration pollTimeout, Duration retryBackoff) {
        this.topic = topic;
        this.pollTimeout = pollTimeout;
        this.retryBackoff = retryBackoff;
        this.consumer = new KafkaConsumer<>(settings, keys, values);
        this.loop = Thread.ofPlatform().name(topic + "-consumer-" + number).unstarted(this::run);
    }

    /** Starts polling; called by the subclass once it is fully constructed. */
    final void start() {
        loop.start();
    }

    /** Handles one polled batch; must not throw for a bad record. */
    abstract void handle(ConsumerRecords<K, V> records);

    private void run() {
        try {
            while (running) {
                try {
                    consumer.subscribe(List.of(topic), this);
                    while (running) {
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
                    LOG.error("Consumer of {} failed; rejoining in {}", topic, retryBackoff, e);
                    consumer.unsubscribe();
                    pause();
                }
            }
        } finally {
            consumer.close();
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

    /** Waits the retry backoff; returns early when the consumer is stopped. */
    final void pause() {
        try {
            Thread.sleep(retryBackoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    final Duration retryBackoff() {
        return retryBackoff;
    }

    /** Asks the loop to end without waiting for it. */
    final void stopPolling() {
        running = false;
        consumer.wakeup();
    }

    final void stop() throws InterruptedException {
        stopPolling();
        loop.join(Duration.ofSeconds(30));
    }
}
