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

    private static final String UPSERT = """
            INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
            VALUES (?, ?, ?, ?, now())
            ON CONFLICT (consumer_group, topic, partition)
            DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = EXCLUDED.updated_at""";

    private static final String SELECT = """
            SELECT next_offset FROM consumer_offsets WHERE consumer_group = ? AND topic = ? AND partition = ?""";

    private final DataSource dataSource;

    public OffsetStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the next offsets inside the caller's transaction. */
    public void save(Connection connection, String group, Map<TopicPartition, Long> nextOffsets) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            for (var entry : nextOffsets.entrySet()) {
                upsert.setString(1, group);
                upsert.setString(2, entry.getKey().topic());
                upsert.setInt(3, entry.getKey().partition());
                upsert.setLong(4, entry.getValue());
                upsert.addBatch();
            }
            upsert.executeBatch();
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
