package dev.threadline.thread.persistence;

import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Reports over conversations started in a time range, read from {@code conversations_by_started_at}
 * in one snapshot. Every count map lists all values of its enum, zeros included, so a report has
 * the same shape whatever the data.
 */
@Singleton
public class ConversationReports {

    private static final String RANGE = "started_at >= ? AND started_at < ? AND deleted_at IS NULL";

    static final String TOTALS = """
            SELECT count(*) AS started,
                   count(*) FILTER (WHERE status = 'open') AS open,
                   count(*) FILTER (WHERE status = 'pending') AS pending,
                   count(*) FILTER (WHERE status = 'resolved') AS resolved,
                   count(resolved_at) AS timed,
                   avg(extract(EPOCH FROM resolved_at - started_at)::float8) AS average_seconds,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(EPOCH FROM resolved_at - started_at)::float8) AS p50_seconds,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(EPOCH FROM resolved_at - started_at)::float8) AS p90_seconds
            FROM conversations WHERE\s""" + RANGE;

    static final String BY_KIND_AND_PRIORITY = """
            SELECT kind, priority, GROUPING(kind) AS by_priority, count(*) AS conversations
            FROM conversations WHERE\s""" + RANGE + " GROUP BY GROUPING SETS ((kind), (priority))";

    static final String TOP_STARTERS = """
            SELECT created_by, count(*) AS conversations
            FROM conversations WHERE\s""" + RANGE
            + " AND created_by IS NOT NULL GROUP BY created_by ORDER BY conversations DESC, created_by LIMIT ?";

    private final DataSource dataSource;

    public ConversationReports(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The summary of conversations started in [from, to), with the {@code top} most active starters. */
    public SummaryReport summary(Instant from, Instant to, int top) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(true);
            connection.setAutoCommit(false);
            try {
                return summary(connection, Timestamp.from(from), Timestamp.from(to), top, from, to);
            } finally {
                connection.rollback();
            }
        }
    }

    private SummaryReport summary(Connection connection, Timestamp from, Timestamp to, int top, Instant start, Instant end)
            throws SQLException {
        Map<String, Long> byStatus = zeros(ConversationStatus.values());
        Map<String, Long> byKind = zeros(ConversationKind.values());
        Map<String, Long> byPriority = zeros(Priority.values());
        long started;
        SummaryReport.ResolutionTime resolution;
        try (PreparedStatement select = prepare(connection, TOTALS, from, to); ResultSet row = select.executeQuery()) {
            row.next();
            started = row.getLong("started");
            for (String status : byStatus.keySet()) {
                byStatus.put(status, row.getLong(status));
            }
            resolution = new SummaryReport.ResolutionTime(row.getLong("timed"), (Double) row.getObject("average_seconds"),
                    (Double) row.getObject("p50_seconds"), (Double) row.getObject("p90_seconds"));
        }
        try (PreparedStatement select = prepare(connection, BY_KIND_AND_PRIORITY, from, to);
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                if (row.getInt("by_priority") == 1) {
                    byPriority.put(row.getString("priority"), row.getLong("conversations"));
                } else {
                    byKind.put(row.getString("kind"), row.getLong("conversations"));
                }
            }
        }
        List<SummaryReport.Starter> starters = new ArrayList<>();
        try (PreparedStatement select = prepare(connection, TOP_STARTERS, from, to, top); ResultSet row = select.executeQuery()) {
            while (row.next()) {
                starters.add(new SummaryReport.Starter(row.getString("created_by"), row.getLong("conversations")));
            }
        }
        return new SummaryReport(start, end, started, byStatus, resolution, byKind, byPriority, starters);
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        return new BoundSql(sql, List.of(parameters)).prepare(connection);
    }

    private static Map<String, Long> zeros(Enum<?>[] values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Enum<?> value : values) {
            counts.put(value.name(), 0L);
        }
        return counts;
    }
}
