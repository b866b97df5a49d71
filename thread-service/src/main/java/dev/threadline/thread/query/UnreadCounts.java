package dev.threadline.thread.query;

import dev.threadline.thread.persistence.Database;
import dev.threadline.thread.persistence.BoundSql;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.view.UnreadSummary;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Counts a user's unread messages. Unread in a conversation is
 * {@code GREATEST(last_seq - last_read_seq, 0)}: every message after the read horizon, which
 * includes messages deleted since they were posted. The projection moves a sender's horizon to
 * their own message, so one's own messages are never unread. Conversations the user has left and
 * deleted conversations do not count.
 */
@Singleton
public class UnreadCounts {

    // The user's rows come from participants_by_user_activity (its leading tenant and user_id); each
    // conversation is a LATERAL primary-key lookup with LIMIT 1, which PostgreSQL cannot turn into
    // a join that reads all conversations (its estimates favour that on small tables). The window
    // sums run over all of the user's unread rows before the page is cut.
    static BoundSql statement(String userId, ReadScope scope, int limit) {
        BoundSql.Builder sql = new BoundSql.Builder().add("""
                SELECT u.*, sum(u.unread_count) OVER () AS total, count(*) OVER () AS unread_conversations FROM (
                    SELECT p.conversation_id, p.last_read_seq, c.last_seq, p.last_message_at,
                           c.last_seq - p.last_read_seq AS unread_count
                    FROM participants p CROSS JOIN LATERAL (
                        SELECT c.last_seq FROM conversations c WHERE c.id = p.conversation_id AND c.deleted_at IS NULL""");
        scope.tenantOf(sql, "c.tenant");
        sql.add(" LIMIT 1) c WHERE p.user_id = ?", userId);
        scope.tenantOf(sql, "p.tenant");
        return sql.add("""
                     AND p.left_at IS NULL AND c.last_seq > p.last_read_seq
                ) u
                ORDER BY u.last_message_at DESC NULLS LAST, u.conversation_id
                LIMIT ?""", limit).build();
    }

    private final Database database;

    public UnreadCounts(Database database) {
        this.database = database;
    }

    /** The user's unread total in {@code scope}'s tenant, and the unread conversations up to {@code limit}. */
    public UnreadSummary of(String userId, ReadScope scope, int limit) throws SQLException {
        return database.call(connection -> {
            try (PreparedStatement select = statement(userId, scope, limit).prepare(connection)) {
                long total = 0;
                long conversations = 0;
                List<UnreadSummary.Conversation> unread = new ArrayList<>();
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        total = row.getLong("total");
                        conversations = row.getLong("unread_conversations");
                        unread.add(new UnreadSummary.Conversation(row.getString("conversation_id"), row.getLong("unread_count"),
                                row.getLong("last_read_seq"), row.getLong("last_seq"), RowValues.instant(row, "last_message_at")));
                    }
                }
                return new UnreadSummary(userId, total, conversations, unread);
            }
        });
    }
}
