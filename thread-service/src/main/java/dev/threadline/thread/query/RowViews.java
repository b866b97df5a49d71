package dev.threadline.thread.query;

import dev.threadline.thread.persistence.JsonColumns;
import dev.threadline.thread.view.ConversationView;
import dev.threadline.thread.view.MessageView;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Turns conversation and message rows into the views readers get; one mapping for every query. */
@Singleton
public class RowViews {

    private final JsonColumns json;

    public RowViews(JsonColumns json) {
        this.json = json;
    }

    /** A row with the columns of {@link ConversationReadModel#MESSAGE_COLUMNS}. */
    MessageView message(ResultSet row) throws SQLException {
        return new MessageView(
                row.getString("id"), row.getString("conversation_id"), row.getLong("seq"), row.getString("sender_id"),
                row.getString("sender_role"), row.getString("content"), row.getString("content_type"),
                RowValues.integer(row, "tokens_used"), row.getString("model"), row.getString("reply_to"),
                json.read(row.getString("attributes")), RowValues.instant(row, "created_at"),
                RowValues.instant(row, "ingested_at"), RowValues.instant(row, "edited_at"));
    }

    /**
     * The tenant as the API shows it: null for the default tenant, stored as {@code ''} (see
     * {@link dev.threadline.thread.persistence.ReadScope}).
     */
    private static String tenant(String stored) {
        return stored == null || stored.isEmpty() ? null : stored;
    }

    /** A whole {@code conversations} row. */
    ConversationView conversation(ResultSet row, List<ConversationView.ParticipantView> participants) throws SQLException {
        return new ConversationView(
                row.getString("id"), tenant(row.getString("tenant")), row.getString("kind"), row.getString("title"),
                row.getString("status"), row.getString("priority"), row.getString("created_by"),
                json.read(row.getString("attributes")), row.getString("model"),
                RowValues.integer(row, "context_window"), row.getString("summary"),
                RowValues.texts(row, "key_topics"), RowValues.texts(row, "tags"),
                new ConversationView.MessageCounts(row.getInt("message_count"), row.getInt("user_message_count"),
                        row.getInt("responder_message_count"), row.getInt("assistant_message_count"),
                        row.getInt("system_message_count")),
                row.getLong("total_tokens"), RowValues.instant(row, "last_message_at"), row.getString("last_message_preview"),
                RowValues.instant(row, "started_at"), RowValues.instant(row, "first_response_at"),
                RowValues.instant(row, "resolved_at"), row.getInt("reopen_count"), (Double) row.getObject("average_sentiment"),
                RowValues.instant(row, "created_at"), RowValues.instant(row, "updated_at"),
                RowValues.instant(row, "deleted_at"), participants);
    }
}
