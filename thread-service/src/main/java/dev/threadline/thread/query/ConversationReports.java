package dev.threadline.thread.query;

import dev.threadline.thread.persistence.Database;
import dev.threadline.events.ConversationKind;
import dev.threadline.events.ConversationStatus;
import dev.threadline.events.Priority;
import dev.threadline.thread.persistence.BoundSql;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.view.SummaryReport;
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

/**
 * Reports over conversations started in a time range, read from {@code conversations_by_started_at}
 * in one snapshot. Every count map lists all values of its enum, zeros included, so a report has
 * the same shape whatever the data.
 */
@Singleton
public class ConversationReports {

    // %s: the scope's tenant condition (see statement), so the index leads with the tenant.
    private static final String RANGE = "%s started_at >= ? AND started_at < ? AND deleted_at IS NULL";

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

    private final Database database;

    public ConversationReports(Database database) {
        this.database = database;
    }

    /** The summary of conversations started in [from, to), with the {@code top} most active starters. */
    /** The summary of {@code scope}'s tenant; only the tenant of the scope counts, not its participant. */
    public SummaryReport summary(Instant from, Instant to, int top, ReadScope scope) throws SQLException {
        return database.inSnapshot(connection -> summary(connection, scope, Timestamp.from(from), Timestamp.from(to), top, from, to));
    }

    private SummaryReport summary(Connection connection, ReadScope scope, Timestamp from, Timestamp to, int top,
                                  Instant start, Instant end) throws SQLException {
        Map<String, Long> byStatus = zeros(ConversationStatus.values());
        Map<String, Long> byKind = zeros(ConversationKind.values());
        Map<String, Long> byPriority = zeros(Priority.values());
        long started;
        SummaryReport.ResolutionTime resolution;
        try (PreparedStatement select = statement(TOTALS, scope, from, to).prepare(connection); ResultSet row = select.executeQuery()) {
            row.next();
            started = row.getLong("started");
            for (String status : byStatus.keySet()) {
                byStatus.put(status, row.getLong(status));
            }
            resolution = new SummaryReport.ResolutionTime(row.getLong("timed"), (Double) row.getObject("average_seconds"),
                    (Double) row.getObject("p50_seconds"), (Double) row.getObject("p90_seconds"));
        }
        try (PreparedStatement select = statement(BY_KIND_AND_PRIORITY, scope, from, to).prepare(connection);
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
        try (PreparedStatement select = statement(TOP_STARTERS, scope, from, to, top).prepare(connection); ResultSet row = select.executeQuery()) {
            while (row.next()) {
                starters.add(new SummaryReport.Starter(row.getString("created_by"), row.getLong("conversations")));
            }
        }
        return new SummaryReport(start, end, started, byStatus, resolution, byKind, byPriority, starters);
    }

    /** One of the report's statements over {@code scope}'s tenant (every tenant's if it has none). */
    static BoundSql statement(String sql, ReadScope scope, Object... parameters) {
        BoundSql.Builder statement = new BoundSql.Builder();
        if (scope.tenant() == null) {
            return statement.add(sql.formatted(""), parameters).build();
        }
        return statement.add(sql.formatted("tenant = ? AND"), scope.tenant()).add("", parameters).build();
    }

    private static Map<String, Long> zeros(Enum<?>[] values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Enum<?> value : values) {
            counts.put(value.name(), 0L);
        }
        return counts;
    }
}
