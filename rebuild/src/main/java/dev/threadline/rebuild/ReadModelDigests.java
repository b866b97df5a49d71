package dev.threadline.rebuild;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares two thread-service read models conversation by conversation: each conversation's row, its messages, its
 * participants and its search rows are summed up in an MD5 per part, in both databases, and the two streams (in id
 * order) are merged. What only the sentiment feed writes ({@code conversation_sentiment}, from stats-streams) is left
 * out: it does not come from conversation-events.
 */
final class ReadModelDigests {

    /** How a conversation differs; {@code parts} names the parts that differ, or where it is missing. */
    record Difference(String conversationId, List<String> parts) {
    }

    /** What a comparison found. */
    record Outcome(long compared, long equal, List<Difference> differences) {

        boolean identical() {
            return differences.isEmpty();
        }
    }

    static final List<String> PARTS = List.of("conversation", "messages", "participants", "search");

    private static final String DIGESTS = """
            SELECT c.id::text AS id,
                   md5(ROW(c.tenant, c.kind, c.title, c.status, c.priority, c.created_by, c.attributes, c.model,
                           c.context_window, c.summary, c.key_topics, c.tags, c.last_seq, c.message_count,
                           c.user_message_count, c.responder_message_count, c.assistant_message_count,
                           c.system_message_count, c.total_tokens, c.last_message_at, c.last_message_preview, c.started_at,
                           c.first_response_at, c.resolved_at, c.reopen_count, c.created_at, c.updated_at,
                           c.deleted_at)::text) AS conversation,
                   (SELECT md5(string_agg(ROW(m.id, m.seq, m.sender_id, m.sender_role, m.content, m.content_type,
                                              m.tokens_used, m.model, m.reply_to, m.attributes, m.created_at, m.ingested_at,
                                              m.edited_at, m.deleted_at)::text, ',' ORDER BY m.seq))
                    FROM messages m WHERE m.conversation_id = c.id) AS messages,
                   (SELECT md5(string_agg(ROW(p.user_id, p.role, p.joined_at, p.left_at, p.archived, p.pinned, p.favorited,
                                              p.muted, p.last_read_seq, p.last_read_at, p.last_message_at, p.tenant)::text,
                                          ',' ORDER BY p.user_id))
                    FROM participants p WHERE p.conversation_id = c.id) AS participants,
                   (SELECT md5(string_agg(ROW(s.message_id, s.tenant, s.sender_id, s.content_tsv)::text, ','
                                          ORDER BY s.message_id))
                    FROM message_search s WHERE s.conversation_id = c.id) AS search
            FROM conversations c""";

    private ReadModelDigests() {
    }

    /** Compares every conversation of the two databases. */
    static Outcome compare(Connection live, Connection rebuilt) throws SQLException {
        long compared = 0;
        long equal = 0;
        List<Difference> differences = new ArrayList<>();
        try (Rows left = new Rows(live, DIGESTS + " ORDER BY c.id", null);
             Rows right = new Rows(rebuilt, DIGESTS + " ORDER BY c.id", null)) {
            String[] a = left.next();
            String[] b = right.next();
            while (a != null || b != null) {
                int order = a == null ? 1 : b == null ? -1 : a[0].compareTo(b[0]);
                compared++;
                if (order < 0) {
                    differences.add(new Difference(a[0], List.of("missing from the rebuilt database")));
                    a = left.next();
                } else if (order > 0) {
                    differences.add(new Difference(b[0], List.of("missing from the live database")));
                    b = right.next();
                } else {
                    List<String> parts = differingParts(a, b);
                    if (parts.isEmpty()) {
                        equal++;
                    } else {
                        differences.add(new Difference(a[0], parts));
                    }
                    a = left.next();
                    b = right.next();
                }
            }
        }
        return new Outcome(compared, equal, differences);
    }

    /** Compares the named conversations again; those now equal in both are left out of the answer. */
    static List<Difference> recheck(Connection live, Connection rebuilt, List<String> ids) throws SQLException {
        Map<String, String[]> left = some(live, ids);
        Map<String, String[]> right = some(rebuilt, ids);
        List<Difference> still = new ArrayList<>();
        for (String id : ids) {
            String[] a = left.get(id);
            String[] b = right.get(id);
            if (a == null && b == null) {
                continue; // gone from both: purged meanwhile
            }
            if (a == null || b == null) {
                still.add(new Difference(id, List.of(a == null ? "missing from the live database" : "missing from the rebuilt database")));
            } else if (!differingParts(a, b).isEmpty()) {
                still.add(new Difference(id, differingParts(a, b)));
            }
        }
        return still;
    }

    private static Map<String, String[]> some(Connection connection, List<String> ids) throws SQLException {
        Map<String, String[]> found = new LinkedHashMap<>();
        try (Rows rows = new Rows(connection, DIGESTS + " WHERE c.id = ANY (?::uuid[])", ids.toArray(String[]::new))) {
            for (String[] row = rows.next(); row != null; row = rows.next()) {
                found.put(row[0], row);
            }
        }
        return found;
    }

    private static List<String> differingParts(String[] a, String[] b) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < PARTS.size(); i++) {
            if (!Objects.equals(a[i + 1], b[i + 1])) {
                parts.add(PARTS.get(i));
            }
        }
        return parts;
    }

    /** A query's rows, fetched a thousand at a time in a read-only transaction with UTC timestamps. */
    private static final class Rows implements AutoCloseable {

        private final Connection connection;
        private final boolean autoCommit;
        private final PreparedStatement statement;
        private final ResultSet rows;

        Rows(Connection connection, String sql, String[] ids) throws SQLException {
            this.connection = connection;
            this.autoCommit = connection.getAutoCommit();
            try (Statement settings = connection.createStatement()) {
                settings.execute("SET TIME ZONE 'UTC'");
            }
            connection.setAutoCommit(false);
            statement = connection.prepareStatement(sql);
            statement.setFetchSize(1_000);
            if (ids != null) {
                statement.setArray(1, connection.createArrayOf("text", ids));
            }
            rows = statement.executeQuery();
        }

        String[] next() throws SQLException {
            if (!rows.next()) {
                return null;
            }
            String[] row = new String[PARTS.size() + 1];
            for (int i = 0; i < row.length; i++) {
                row[i] = rows.getString(i + 1);
            }
            return row;
        }

        @Override
        public void close() throws SQLException {
            rows.close();
            statement.close();
            connection.commit();
            connection.setAutoCommit(autoCommit);
        }
    }
}
