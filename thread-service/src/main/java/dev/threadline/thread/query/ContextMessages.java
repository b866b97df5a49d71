package dev.threadline.thread.query;

import dev.threadline.thread.persistence.Database;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.view.MessageView;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the candidates of an AI context window: the leading system messages and the newest ones
 * after them. Both walk the {@code (conversation_id, seq)} index from an end and stop at a limit,
 * so a conversation of a million messages costs what one of ten costs.
 */
@Singleton
public class ContextMessages {

    private static final String CONVERSATION = """
            SELECT c.context_window FROM conversations c WHERE c.id = ?::uuid AND c.deleted_at IS NULL AND\s"""
            + ReadScope.VISIBLE;

    // The system messages before the first message of any other role; deleted ones do not count.
    static final String LEADING_SYSTEM = "SELECT " + ConversationReadModel.MESSAGE_COLUMNS + """
             FROM messages m
            WHERE m.conversation_id = ?::uuid AND m.deleted_at IS NULL AND m.seq < (
                SELECT COALESCE(min(o.seq), 9223372036854775807) FROM messages o
                WHERE o.conversation_id = ?::uuid AND o.deleted_at IS NULL AND o.sender_role <> 'system')
            ORDER BY m.seq LIMIT ?""";

    static final String NEWEST = "SELECT " + ConversationReadModel.MESSAGE_COLUMNS + """
             FROM messages m
            WHERE m.conversation_id = ?::uuid AND m.deleted_at IS NULL AND m.seq > ?
            ORDER BY m.seq DESC LIMIT ?""";

    private final Database database;
    private final RowViews rows;

    public ContextMessages(Database database, RowViews rows) {
        this.database = database;
        this.rows = rows;
    }

    /**
     * The candidates, or empty if the conversation is unknown, deleted or out of {@code scope}.
     *
     * @param maxLeading  at most this many leading system messages
     * @param maxNewest   at most this many newest messages after them
     */
    public Optional<ContextCandidates> candidates(String conversationId, int maxLeading, int maxNewest, ReadScope scope)
            throws SQLException {
        // One snapshot: a message posted between the statements must not show up in one and not the other.
        return database.inSnapshot(connection -> candidates(connection, conversationId, maxLeading, maxNewest, scope));
    }

    private Optional<ContextCandidates> candidates(Connection connection, String id, int maxLeading, int maxNewest,
                                                   ReadScope scope) throws SQLException {
        Integer contextWindow;
        try (PreparedStatement select = ConversationReadModel.bound(CONVERSATION, scope, id).prepare(connection)) {
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                contextWindow = RowValues.integer(row, "context_window");
            }
        }
        List<MessageView> leading = read(connection, LEADING_SYSTEM, id, id, maxLeading);
        long after = leading.isEmpty() ? 0 : leading.getLast().seq();
        List<MessageView> newest = read(connection, NEWEST, id, after, maxNewest);
        return Optional.of(new ContextCandidates(contextWindow, leading, newest));
    }

    private List<MessageView> read(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            List<MessageView> messages = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    messages.add(rows.message(row));
                }
            }
            return messages;
        }
    }
}
