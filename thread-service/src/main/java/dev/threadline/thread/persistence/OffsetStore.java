package dev.threadline.thread.persistence;

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

    // Moves the position only if the batch began at or after it (records may start past the stored
    // position: transaction markers take offsets too). A consumer that lost its partition while
    // applying a batch (a zombie) finds the position moved past its batch, updates nothing, and
    // its transaction is rolled back.
    private static final String ADVANCE = """
            INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
            VALUES (?, ?, ?, ?, now())
            ON CONFLICT (consumer_group, topic, partition)
            DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = EXCLUDED.updated_at
            WHERE consumer_offsets.next_offset <= ?""";

    private static final String SELECT = """
            SELECT next_offset FROM consumer_offsets WHERE consumer_group = ? AND topic = ? AND partition = ?""";

    private final DataSource dataSource;

    public OffsetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Moves each partition's position from the batch's first offset to the offset after its last
     * record, inside the caller's transaction.
     *
     * @throws StaleBatchException if a partition's stored position is already past the batch's first record
     */
    public void advance(Connection connection, String group, Map<TopicPartition, Long> firstOffsets,
                        Map<TopicPartition, Long> nextOffsets) throws SQLException {
        try (PreparedStatement advance = connection.prepareStatement(ADVANCE)) {
            for (var entry : nextOffsets.entrySet()) {
                advance.setString(1, group);
                advance.setString(2, entry.getKey().topic());
                advance.setInt(3, entry.getKey().partition());
                advance.setLong(4, entry.getValue());
                advance.setLong(5, firstOffsets.get(entry.getKey()));
                advance.addBatch();
            }
            int[] moved = advance.executeBatch();
            for (int count : moved) {
                if (count == 0) {
                    throw new StaleBatchException(nextOffsets.keySet());
                }
            }
        }
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
