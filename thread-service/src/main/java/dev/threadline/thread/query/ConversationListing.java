package dev.threadline.thread.query;

import dev.threadline.thread.persistence.Database;
import dev.threadline.thread.persistence.BoundSql;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.view.ConversationListItem;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Lists conversations by activity with keyset paging: each page is one walk down an index from
 * the previous page's last key, so page 1000 costs what page 1 costs, which OFFSET cannot do.
 *
 * <p>Every list is of one tenant (the indexes lead with it), unless authentication is off.
 *
 * <p>A participant's list walks {@code participants_by_user_activity} (the participant's copy of
 * {@code last_message_at}) and looks each row's conversation up by primary key, filters applied
 * there; pinned-only lists walk the small partial index of pinned rows instead. Without a
 * participant the walk is over {@code conversations_by_activity}, or
 * {@code conversations_by_status_activity} when a status is asked for.
 *
 * <p>Conversations without messages sort last. A key in the middle of the dated rows cannot be
 * one index range together with the undated rows (NULLS LAST puts them at the end of the index,
 * beyond the range), so such a page is the union of two bounded index walks: the dated rest,
 * then the undated rows from the start.
 */
@Singleton
public class ConversationListing {

    private static final String CONVERSATION_COLUMNS = """
            c.id, c.kind, c.title, c.status, c.priority, c.tags, c.created_by, c.message_count, c.last_seq,
            c.last_message_at, c.last_message_preview, c.started_at, c.resolved_at, c.updated_at""";

    private final Database database;

    public ConversationListing(Database database) {
        this.database = database;
    }

    /**
     * Up to {@code limit} conversations of {@code scope}'s tenant after {@code after} (from the top if null). A user's
     * scope lists only with {@code filter.participant()} the user: the caller sees to that.
     */
    public ConversationListPage list(ConversationFilter filter, ReadScope scope, @Nullable ActivityKey after, int limit)
            throws SQLException {
        return database.call(connection -> {
            if (!filter.pinnedFirst() || filter.participant() == null || filter.pinned() != null) {
                return page(read(connection, statement(filter, scope, after, limit + 1), false), limit);
            }
            // Pinned first: the pinned part, then, if the page is not full, the unpinned part from its top.
            List<Row> rows = new ArrayList<>();
            if (after == null || after.pinned()) {
                rows.addAll(read(connection, statement(filter.withPinned(true), scope, after, limit + 1), true));
            }
            if (rows.size() <= limit) {
                ActivityKey unpinnedAfter = after == null || after.pinned() ? null : after;
                rows.addAll(read(connection, statement(filter.withPinned(false), scope, unpinnedAfter, limit + 1 - rows.size()),
                        false));
            }
            return page(rows, limit);
        });
    }

    /** The statement that reads one page; package-private so QueryPlansIT can EXPLAIN exactly it. */
    static BoundSql statement(ConversationFilter filter, ReadScope scope, @Nullable ActivityKey after, int limit) {
        boolean mine = filter.participant() != null;
        String at = mine ? "p.last_message_at" : "c.last_message_at";
        String id = mine ? "p.conversation_id" : "c.id";
        BoundSql.Builder sql = new BoundSql.Builder();
        if (after == null) {
            branch(sql, filter, scope, "", limit);
        } else if (after.lastMessageAt() == null) {
            branch(sql, filter, scope, " AND %s IS NULL AND %s > ?::uuid".formatted(at, id), limit, after.conversationId());
        } else {
            Timestamp key = Timestamp.from(after.lastMessageAt());
            sql.add("SELECT * FROM ((");
            branch(sql, filter, scope, " AND %1$s <= ? AND (%1$s < ? OR %2$s > ?::uuid)".formatted(at, id), limit,
                    key, key, after.conversationId());
            sql.add(") UNION ALL (");
            branch(sql, filter, scope, " AND %s IS NULL".formatted(at), limit);
            sql.add(")) page ORDER BY sort_at DESC NULLS LAST, sort_id LIMIT ?", limit);
        }
        return sql.build();
    }

    private static void branch(BoundSql.Builder sql, ConversationFilter filter, ReadScope scope, String range, int limit,
                               Object... bounds) {
        if (filter.participant() != null) {
            // The conversation is a LATERAL lookup with LIMIT 1, which PostgreSQL cannot turn into
            // a join reading conversations by another index or whole: the walk stays on the
            // participant's rows, each joined by primary key, whatever the estimates say.
            sql.add("SELECT " + CONVERSATION_COLUMNS + """
                    , p.role, p.archived, p.pinned, p.favorited, p.muted, p.last_read_seq, p.left_at,
                    GREATEST(c.last_seq - p.last_read_seq, 0) AS unread_count,
                    p.last_message_at AS sort_at, p.conversation_id AS sort_id
                    FROM participants p CROSS JOIN LATERAL (
                        SELECT\s""" + CONVERSATION_COLUMNS
                    + " FROM conversations c WHERE c.id = p.conversation_id AND c.deleted_at IS NULL");
            scope.tenantOf(sql, "c.tenant");
            conversationFilters(sql, filter, true);
            sql.add(" LIMIT 1) c WHERE p.user_id = ?", filter.participant());
            scope.tenantOf(sql, "p.tenant");
            // Literal, not a parameter, so the planner can use the partial index of pinned rows.
            sql.add(Boolean.TRUE.equals(filter.pinned()) ? " AND p.pinned" : "");
            sql.add(range, bounds);
            sql.add(filter.includeLeft() ? "" : " AND p.left_at IS NULL");
            flag(sql, "p.archived", filter.archived());
            flag(sql, "p.pinned", Boolean.FALSE.equals(filter.pinned()) ? false : null);
            flag(sql, "p.favorited", filter.favorited());
            sql.add(" ORDER BY p.last_message_at DESC NULLS LAST, p.conversation_id LIMIT ?", limit);
        } else {
            sql.add("SELECT " + CONVERSATION_COLUMNS + """
                    , NULL::text AS role, NULL::boolean AS archived, NULL::boolean AS pinned,
                    NULL::boolean AS favorited, NULL::boolean AS muted, NULL::bigint AS last_read_seq,
                    NULL::timestamptz AS left_at, NULL::bigint AS unread_count,
                    c.last_message_at AS sort_at, c.id AS sort_id
                    FROM conversations c WHERE c.deleted_at IS NULL""");
            scope.tenantOf(sql, "c.tenant");
            if (filter.status() != null) {
                sql.add(" AND c.status = ?", filter.status());
            }
            sql.add(range, bounds);
            conversationFilters(sql, filter, false);
            sql.add(" ORDER BY c.last_message_at DESC NULLS LAST, c.id LIMIT ?", limit);
        }
    }

    private static void conversationFilters(BoundSql.Builder sql, ConversationFilter filter, boolean withStatus) {
        if (withStatus && filter.status() != null) {
            sql.add(" AND c.status = ?", filter.status());
        }
        if (filter.priority() != null) {
            sql.add(" AND c.priority = ?", filter.priority());
        }
        if (filter.kind() != null) {
            sql.add(" AND c.kind = ?", filter.kind());
        }
        if (filter.tag() != null) {
            sql.add(" AND ?::text = ANY (c.tags)", filter.tag());
        }
    }

    private static void flag(BoundSql.Builder sql, String column, @Nullable Boolean value) {
        if (value != null) {
            sql.add(" AND " + column + " = ?", value);
        }
    }

    private static List<Row> read(Connection connection, BoundSql statement, boolean pinnedPart) throws SQLException {
        try (PreparedStatement select = statement.prepare(connection); ResultSet row = select.executeQuery()) {
            List<Row> rows = new ArrayList<>();
            while (row.next()) {
                ConversationListItem item = item(row);
                rows.add(new Row(item, new ActivityKey(pinnedPart, RowValues.instant(row, "sort_at"), row.getString("sort_id"))));
            }
            return rows;
        }
    }

    private static ConversationListPage page(List<Row> rows, int limit) {
        List<ConversationListItem> items = rows.stream().limit(limit).map(Row::item).toList();
        return new ConversationListPage(items, rows.size() > limit ? rows.get(limit - 1).key() : null);
    }

    private static ConversationListItem item(ResultSet row) throws SQLException {
        String role = row.getString("role");
        ConversationListItem.Membership membership = role == null ? null : new ConversationListItem.Membership(role,
                row.getBoolean("archived"), row.getBoolean("pinned"), row.getBoolean("favorited"), row.getBoolean("muted"),
                row.getLong("last_read_seq"), RowValues.instant(row, "left_at"));
        return new ConversationListItem(row.getString("id"), row.getString("kind"), row.getString("title"),
                row.getString("status"), row.getString("priority"), RowValues.texts(row, "tags"), row.getString("created_by"),
                row.getInt("message_count"), row.getLong("last_seq"), RowValues.instant(row, "last_message_at"),
                row.getString("last_message_preview"), RowValues.instant(row, "started_at"),
                RowValues.instant(row, "resolved_at"), RowValues.instant(row, "updated_at"),
                membership == null ? null : row.getLong("unread_count"), membership);
    }

    private record Row(ConversationListItem item, ActivityKey key) {
    }
}
