package dev.threadline.thread.projection;

import dev.threadline.events.ConversationEvent;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The conversations an admin purged (docs/lifecycle.md): their rows are gone, and their later events (a message still
 * on its way, a replay) are ignored rather than bringing them back.
 */
@Singleton
public class PurgedConversations {

    private static final String ANY = "SELECT EXISTS (SELECT 1 FROM purged_conversations)";

    private static final String AMONG = """
            SELECT conversation_id::text FROM purged_conversations WHERE conversation_id = ANY (?::uuid[])""";

    private static final String RECORD = """
            INSERT INTO purged_conversations (conversation_id, purged_at) VALUES (?::uuid, ?) ON CONFLICT DO NOTHING""";

    /** Records that the conversation is purged. */
    public void record(Connection connection, String conversationId, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(RECORD)) {
            insert.setString(1, conversationId);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

    /** For each event, in order, whether its conversation is purged. One query per call once any conversation is. */
    public boolean[] purged(Connection connection, List<ConversationEvent> events) throws SQLException {
        boolean[] purged = new boolean[events.size()];
        if (events.isEmpty() || !any(connection)) {
            return purged;
        }
        String[] ids = events.stream().map(event -> ConversationTenants.canonical(event.getConversationId())).filter(Objects::nonNull).distinct()
                .toArray(String[]::new);
        Set<String> found = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(AMONG)) {
            select.setArray(1, connection.createArrayOf("text", ids));
            try (ResultSet row = select.executeQuery()) {
                while (row.next()) {
                    found.add(row.getString(1));
                }
            }
        }
        for (int i = 0; i < purged.length; i++) {
            String id = ConversationTenants.canonical(events.get(i).getConversationId());
            purged[i] = id != null && found.contains(id);
        }
        return purged;
    }

    private static boolean any(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(ANY)) {
            return row.next() && row.getBoolean(1);
        }
    }
}
