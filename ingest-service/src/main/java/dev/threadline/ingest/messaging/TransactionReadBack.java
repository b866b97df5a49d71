package dev.threadline.ingest.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Learns what became of a transaction from the log itself, as a {@code read_committed} reader
 * sees it: one of the transaction's records is read back from its offset. If that record is
 * returned, the transaction committed; if the reader's position moves past it without returning
 * it, the transaction was aborted (its records are filtered out); while the transaction is still
 * open the reader cannot move past it and the outcome stays unknown.
 *
 * <p>Every record of a transaction shares its fate, so one record decides for all. The caller
 * must first make sure nobody can still commit the transaction (a new producer with the same
 * transactional id fences the old one and settles its transaction), or an abort seen now could
 * not be told apart from a commit that has not happened yet.
 */
final class TransactionReadBack implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private Consumer<byte[], byte[]> consumer;

    TransactionReadBack(Supplier<Consumer<byte[], byte[]>> consumers) {
        this.consumers = consumers;
    }

    /** Whether the transaction that wrote {@code written} committed, as far as the log tells by {@code giveUpAt}. */
    TransactionCommit.Outcome outcome(RecordMetadata written, Instant giveUpAt) {
        TopicPartition partition = new TopicPartition(written.topic(), written.partition());
        long offset = written.offset();
        try {
            if (consumer == null) {
                consumer = consumers.get();
            }
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            while (Instant.now().isBefore(giveUpAt)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
                    return record.offset() == offset ? TransactionCommit.Outcome.COMMITTED : TransactionCommit.Outcome.NOT_COMMITTED;
                }
                if (consumer.position(partition, POLL) > offset) {
                    return TransactionCommit.Outcome.NOT_COMMITTED;
                }
            }
        } catch (KafkaException e) {
            close();
        }
        return TransactionCommit.Outcome.UNKNOWN;
    }

    @Override
    public void close() {
        if (consumer != null) {
            try {
                consumer.close(CloseOptions.timeout(Duration.ZERO));
            } catch (RuntimeException e) {
                // Closing a consumer that cannot reach Kafka: nothing left to release.
            }
            consumer = null;
        }
    }
}
