package dev.threadline.thread.persistence;

import jakarta.inject.Singleton;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Reads conversations and messages for the REST API. */
@Singleton
public class ConversationReadModel {

    private static final String CONVERSATION = """
            SELECT * FROM conversations WHERE id = ?::uuid AND (deleted_at IS NULL OR ?)""";

    private static final String PARTICIPANTS = """
            SELECT user_id, role, joined_at, left_at, last_read_seq FROM participants
            WHERE conversation_id = ?::uuid ORDER BY joined_at, user_id""";

    // Newest page by default; beforeSeq pages back, afterSeq pages forward. Either way the page
    // is returned oldest first, the order a reader reads it in.
    private static final String MESSAGES = """
            SELECT * FROM (
                SELECT * FROM messages
                WHERE conversation_id = ?::uuid AND deleted_at IS NULL AND seq < ? AND seq > ?
                ORDER BY CASE WHEN ? THEN seq END ASC, seq DESC
                LIMIT ?
            ) page ORDER BY seq""";

    private final DataSource dataSource;
    private final JsonColumns json;

    public ConversationReadModel(DataSource dataSource, JsonColumns json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public Optional<ConversationView> conversation(String id, boolean includeDeleted) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(CONVERSATION)) {
            select.setString(1, id);
            select.setBoolean(2, includeDeleted);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(conversation(row, participants(connection, id))) : Optional.empty();
            }
        }
    }

    /**
     * A page of a conversation's messages in seq order.
     *
     * @param beforeSeq only messages before this seq, or null
     * @param afterSeq  only messages after this seq, or null; the page then starts right after it
     */
    public List<MessageView> messages(String conversationId, Long beforeSeq, Long afterSeq, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(MESSAGES)) {
            select.setString(1, conversationId);
            select.setLong(2, beforeSeq == null ? Long.MAX_VALUE : beforeSeq);
            select.setLong(3, afterSeq == null ? 0 : afterSeq);
            select.setBoolean(4, afterSeq != null);
            select.setInt(5, limit);
            List<MessageView> page = new ArrayList<>(limit);
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    page.add(message(row));
                }
            }
            return page;
        }
    }

    private List<ConversationView.ParticipantView> participants(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(PARTICIPANTS)) {
            select.setString(1, id);
            List<ConversationView.ParticipantView> participants = new ArrayList<>();
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    participants.add(new ConversationView.ParticipantView(row.getString("user_id"), row.getString("role"),
                            instant(row, "joined_at"), instant(row, "left_at"), row.getLong("last_read_seq")));
                }
            }
            return participants;
        }
    }

    private ConversationView conversation(ResultSet row, List<ConversationView.ParticipantView> participants) throws SQLException {
        return new ConversationView(
                row.getString("id"), row.getString("tenant"), row.getString("kind"), row.getString("title"),
                row.getString("status"), row.getString("priority"), row.getString("created_by"),
                json.read(row.getString("attributes")), row.getString("model"),
                (Integer) row.getObject("context_window"), row.getString("summary"),
                texts(row.getArray("key_topics")), texts(row.getArray("tags")),
                new ConversationView.MessageCounts(row.getInt("message_count"), row.getInt("user_message_count"),
                        row.getInt("responder_message_count"), row.getInt("assistant_message_count"),
                        row.getInt("system_message_count")),
                row.getLong("total_tokens"), instant(row, "last_message_at"), row.getString("last_message_preview"),
                instant(row, "started_at"), instant(row, "first_response_at"), instant(row, "resolved_at"),
                row.getInt("reopen_count"), (Double) row.getObject("average_sentiment"),
                instant(row, "created_at"), instant(row, "updated_at"), instant(row, "deleted_at"), participants);
    }

    private MessageView message(ResultSet row) throws SQLException {
        return new MessageView(
                row.getString("id"), row.getString("conversation_id"), row.getLong("seq"), row.getString("sender_id"),
                row.getString("sender_role"), row.getString("content"), row.getString("content_type"),
                (Integer) row.getObject("tokens_used"), row.getString("model"), row.getString("reply_to"),
                json.read(row.getString("attributes")), instant(row, "created_at"), instant(row, "ingested_at"),
                instant(row, "edited_at"));
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp value = row.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
