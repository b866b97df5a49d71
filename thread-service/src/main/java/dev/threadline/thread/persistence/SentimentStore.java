package dev.threadline.thread.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;

/** Writes the average user sentiment that stats-streams computes into the conversations it belongs to. */
@Singleton
public class SentimentStore {

    private static final String UPDATE = """
            UPDATE conversations SET average_sentiment = ? WHERE id = ?::uuid""";

    private final DataSource dataSource;

    public SentimentStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Sets each conversation's average (null clears it). A conversation not materialised yet is
     * skipped; its metrics are republished on its next change.
     */
    public void update(Map<String, Double> averages) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(UPDATE)) {
            for (var average : averages.entrySet()) {
                update.setObject(1, average.getValue());
                update.setString(2, average.getKey());
                update.addBatch();
            }
            update.executeBatch();
        }
    }
}
