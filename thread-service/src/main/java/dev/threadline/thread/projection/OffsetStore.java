package dev.threadline.thread.projection;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.common.TopicPartition;

/** The consumer's position per partition, kept in PostgreSQL beside the data it produced. */
@Singleton
public class OffsetStore {

    /** The expected offset of a partition that has no stored position yet. */
    public static final long NO_ROW = -1;

    // A position moves only from exactly the one the consumer read or wrote last. A consumer that
    // lost its partition while applying a batch (a zombie) finds the position moved; a consumer whose
    // last commits PostgreSQL lost in a crash finds it behind, or no row at all. Either way nothing is
    // updated, the transaction is rolled back and the consumer reloads the stored position.
    private static final String MOVE = """
            UPDATE consumer_offsets SET next_offset = ?, updated_at = now()
            WHERE consumer_group = ? AND topic = ? AND partition = ? AND next_offset = ?""";

    private static final String FIRST = """
            INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
            VALUES (?, ?, ?, ?, now())
            ON CONFLICT (consumer_group, topic, partition) DO NOTHING""";

    private static final String SELECT = """
            SELECT next_offset FROM consumer_offsets WHERE consumer_group = ? AND topic = ? AND partition = ?""";

    private final DataSource dataSource;

    public OffsetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Moves each partition's position from the expected stored offset ({@link #NO_ROW} if none is
     * stored yet) to the offset after the batch's last record, inside the caller's transaction.
     *
     * @throws StaleBatchException if a partition's stored position is not the expected one
     */
    public void advance(Connection connection, String group, Map<TopicPartition, Long> expectedOffsets,
                        Map<TopicPartition, Long> nextOffsets) throws SQLException {
        try (PreparedStatement move = connection.prepareStatement(MOVE);
             PreparedStatement first = connection.prepareStatement(FIRST)) {
            boolean moving = false;
            boolean inserting = false;
            for (var entry : nextOffsets.entrySet()) {
                TopicPartition partition = entry.getKey();
                long expected = expectedOffsets.getOrDefault(partition, NO_ROW);
                if (expected == NO_ROW) {
                    first.setString(1, group);
                    first.setString(2, partition.topic());
                    first.setInt(3, partition.partition());
                    first.setLong(4, entry.getValue());
                    first.addBatch();
                    inserting = true;
                } else {
                    move.setLong(1, entry.getValue());
                    move.setString(2, group);
                    move.setString(3, partition.topic());
                    move.setInt(4, partition.partition());
                    move.setLong(5, expected);
                    move.addBatch();
                    moving = true;
                }
            }
            // One round trip per kind of statement, not one per partition.
            if ((moving && !allMoved(move.executeBatch())) || (inserting && !allMoved(first.executeBatch()))) {
                throw new StaleBatchException(nextOffsets.keySet());
            }
        }
    }

    private static boolean allMoved(int[] counts) {
        for (int count : counts) {
            if (count == 0) {
                return false;
            }
        }
        return true;
    }

    /** The stored next offset of each partition that has one. */
    public Map<TopicPartition, Long> load(String group, Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(SELECT)) {
            for (TopicPartition partition : partitions) {
                select.setString(1, group);
                select.setString(2, partition.topic());
                select.setInt(3, partition.partition());
                try (ResultSet row = select.executeQuery()) {
                    if (row.next()) {
                        stored.put(partition, row.getLong(1));
                    }
                }
            }
        }
        return stored;
    }
}
