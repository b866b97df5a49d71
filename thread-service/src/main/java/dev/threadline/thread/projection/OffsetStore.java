package dev.threadline.thread.projection;

import dev.threadline.thread.persistence.Database;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The consumer's position per partition, kept in PostgreSQL beside the data it produced: {@link ConsumerOffsets}, a
 * Micronaut Data repository, whose statements join the projection's transaction.
 */
@Singleton
public class OffsetStore {

    /** The expected offset of a partition that has no stored position yet. */
    public static final long NO_ROW = -1;

    private final ConsumerOffsets offsets;
    private final Database database;

    public OffsetStore(ConsumerOffsets offsets, Database database) {
        this.offsets = offsets;
        this.database = database;
    }

    /**
     * Moves each partition's position from the expected stored offset ({@link #NO_ROW} if none is stored yet) to the
     * offset after the batch's last record, inside the caller's transaction (a {@link Database#inTransaction} that is
     * running on this thread).
     *
     * <p>A position moves only from exactly the one the consumer read or wrote last. A consumer that lost its partition
     * while applying a batch (a zombie) finds the position moved; a consumer whose last commits PostgreSQL lost in a
     * crash finds it behind, or no row at all. Either way nothing is updated, the transaction is rolled back and the
     * consumer reloads the stored position.
     *
     * @throws StaleBatchException if a partition's stored position is not the expected one
     */
    public void advance(String group, Map<TopicPartition, Long> expectedOffsets, Map<TopicPartition, Long> nextOffsets)
            throws SQLException {
        try {
            for (var entry : nextOffsets.entrySet()) {
                TopicPartition partition = entry.getKey();
                long expected = expectedOffsets.getOrDefault(partition, NO_ROW);
                int moved = expected == NO_ROW
                        ? offsets.first(group, partition.topic(), partition.partition(), entry.getValue())
                        : offsets.move(group, partition.topic(), partition.partition(), expected, entry.getValue());
                if (moved == 0) {
                    throw new StaleBatchException(nextOffsets.keySet());
                }
            }
        } catch (RuntimeException e) {
            // A StaleBatchException has no SQLException beneath: it goes on up as it is.
            throw Database.sqlExceptionBeneath(e);
        }
    }

    /** The stored next offset of each partition that has one. */
    public Map<TopicPartition, Long> load(String group, Collection<TopicPartition> partitions) throws SQLException {
        return database.call(connection -> {
            Map<TopicPartition, Long> stored = new HashMap<>();
            for (TopicPartition partition : partitions) {
                offsets.findNextOffset(group, partition.topic(), partition.partition())
                        .ifPresent(next -> stored.put(partition, next));
            }
            return stored;
        });
    }
}
