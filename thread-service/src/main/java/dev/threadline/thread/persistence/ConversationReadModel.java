package dev.threadline.thread.persistence;

import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads one conversation and pages of its messages for the REST API. */
@Singleton
public class ConversationReadModel {

    /** The columns of {@link RowViews#message}; named, so the search vector is never fetched. */
    static final String MESSAGE_COLUMNS = """
            m.id, m.conversation_id, m.seq, m.sender_id, m.sender_role, m.content, m.content_type, m.tokens_used,
            m.model, m.reply_to, m.attributes, m.created_at, m.ingested_at, m.edited_at""";

    private static final String CONVERSATION = """
            SELECT c.*, s.average AS average_sentiment
            FROM conversations c LEFT JOIN conversation_sentiment s ON s.conversation_id = c.id
            WHERE c.id = ?::uuid AND (c.deleted_at IS NULL OR ?)""";

    private static final String EXISTS = """
            SELECT 1 FROM conversations WHERE id = ?::uuid AND deleted_at IS NULL""";

    private static final String PARTICIPANTS = """
            SELECT user_id, role, joined_at, left_at, last_read_seq FROM participants
            WHERE conversation_id = ?::uuid ORDER BY joined_at, user_id""";

    // Newest page by default, and beforeSeq pages back: walk the (conversation_id, seq) index
    // backwards from the bound. afterSeq pages forward: walk it forwards. One statement per
    // direction, so a generic plan also walks the index in order instead of sorting the
    // conversation; either way the page is returned oldest first, the order a reader reads it in.
    static final String MESSAGES_BACK = "SELECT * FROM (SELECT " + MESSAGE_COLUMNS + """
             FROM messages m
            WHERE m.conversation_id = ?::uuid AND m.deleted_at IS NULL AND m.seq < ?
            ORDER BY m.seq DESC LIMIT ?) page ORDER BY seq""";

    static final String MESSAGES_FORWARD = "SELECT " + MESSAGE_COLUMNS + """
             FROM messages m
            WHERE m.conversation_id = ?::uuid AND m.deleted_at IS NULL AND m.seq > ? AND m.seq < ?
            ORDER BY m.seq LIMIT ?""";

    static final String MORE = """
            SELECT EXISTS (SELECT 1 FROM messages WHERE conversation_id = ?::uuid AND deleted_at IS NULL AND seq < ?),
                   EXISTS (SELECT 1 FROM messages WHERE conversation_id = ?::uuid AND deleted_at IS NULL AND seq > ?)""";

    static final String SEQS = """
            SELECT m.conversation_id, m.id, m.seq
            FROM unnest(?::text[]::uuid[], ?::text[]::uuid[]) AS k(conversation_id, id)
            JOIN messages m ON m.conversation_id = k.conversation_id AND m.id = k.id""";

    private final DataSource dataSource;
    private final RowViews rows;

    public ConversationReadModel(DataSource dataSource, RowViews rows) {
        this.dataSource = dataSource;
        this.rows = rows;
    }

    public Optional<ConversationView> conversation(String id, boolean includeDeleted) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(CONVERSATION)) {
            select.setString(1, id);
            select.setBoolean(2, includeDeleted);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(rows.conversation(row, participants(connection, id))) : Optional.empty();
            }
        }
    }

    /** Whether the conversation exists and is not deleted. */
    public boolean exists(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return exists(connection, id);
        }
    }

    /**
     * A page of a conversation's messages in seq order, or empty if the conversation is unknown or deleted.
     *
     * @param beforeSeq only messages before this seq, or null
     * @param afterSeq  only messages after this seq, or null; the page then starts right after it
     */
    public Optional<MessagePage> messages(String conversationId, Long beforeSeq, Long afterSeq, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!exists(connection, conversationId)) {
                return Optional.empty();
            }
            List<MessageView> page = new ArrayList<>(limit);
            long before = beforeSeq == null ? Long.MAX_VALUE : beforeSeq;
            BoundSql statement = afterSeq == null
                    ? new BoundSql(MESSAGES_BACK, List.of(conversationId, before, limit))
                    : new BoundSql(MESSAGES_FORWARD, List.of(conversationId, afterSeq, before, limit));
            try (PreparedStatement select = statement.prepare(connection); ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    page.add(rows.message(row));
                }
            }
            return Optional.of(withNeighbours(connection, conversationId, page));
        }
    }

    /** The seq of each of the messages that is stored. */
    public Map<MessageKey, Long> seqs(Collection<MessageKey> messages) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(SEQS)) {
            select.setArray(1, connection.createArrayOf("text",
                    messages.stream().map(MessageKey::conversationId).toArray()));
            select.setArray(2, connection.createArrayOf("text", messages.stream().map(MessageKey::messageId).toArray()));
            Map<MessageKey, Long> seqs = new HashMap<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    seqs.put(new MessageKey(row.getString("conversation_id"), row.getString("id")), row.getLong("seq"));
                }
            }
            return seqs;
        }
    }

    static boolean exists(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(EXISTS)) {
            select.setString(1, id);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static MessagePage withNeighbours(Connection connection, String conversationId, List<MessageView> page)
            throws SQLException {
        if (page.isEmpty()) {
            return new MessagePage(page, null, null);
        }
        long first = page.getFirst().seq();
        long last = page.getLast().seq();
        try (PreparedStatement select = connection.prepareStatement(MORE)) {
            select.setString(1, conversationId);
            select.setLong(2, first);
            select.setString(3, conversationId);
            select.setLong(4, last);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new MessagePage(page, row.getBoolean(1) ? first : null, row.getBoolean(2) ? last : null);
            }
        }
    }

    private static List<ConversationView.ParticipantView> participants(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(PARTICIPANTS)) {
            select.setString(1, id);
            List<ConversationView.ParticipantView> participants = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    participants.add(new ConversationView.ParticipantView(row.getString("user_id"), row.getString("role"),
                            RowValues.instant(row, "joined_at"), RowValues.instant(row, "left_at"), row.getLong("last_read_seq")));
                }
            }
            return participants;
        }
    }
}
