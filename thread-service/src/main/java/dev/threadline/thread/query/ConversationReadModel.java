package dev.threadline.thread.query;

import dev.threadline.thread.persistence.Database;
import dev.threadline.thread.persistence.BoundSql;
import dev.threadline.thread.persistence.ReadScope;
import dev.threadline.thread.view.ConversationView;
import dev.threadline.thread.view.MessagePage;
import dev.threadline.thread.view.MessageView;
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

/** Reads one conversation and pages of its messages for the REST API. */
@Singleton
public class ConversationReadModel {

    /** The columns of {@link RowViews#message}; named, so the search vector is never fetched. */
    static final String MESSAGE_COLUMNS = """
            m.id, m.conversation_id, m.seq, m.sender_id, m.sender_role, m.content, m.content_type, m.tokens_used,
            m.model, m.reply_to, m.attributes, m.created_at, m.ingested_at, m.edited_at""";

    static final String CONVERSATION = """
            SELECT c.*, s.average AS average_sentiment
            FROM conversations c LEFT JOIN conversation_sentiment s ON s.conversation_id = c.id
            WHERE c.id = ?::uuid AND (c.deleted_at IS NULL OR ?) AND\s""" + ReadScope.VISIBLE;

    static final String EXISTS = """
            SELECT 1 FROM conversations c WHERE c.id = ?::uuid AND c.deleted_at IS NULL AND\s""" + ReadScope.VISIBLE;

    private static final String PARTICIPANTS = """
            SELECT user_id, role, joined_at, left_at, last_read_seq FROM participants
            WHERE conversation_id = ?::uuid ORDER BY joined_at, user_id""";

    // A page is one statement: the conversation (no row: unknown or deleted), whether messages lie beyond the page's
    // far bound, and the page itself, walked along the (conversation_id, seq) index from its near bound with one row
    // more than asked — that row tells whether there is more on the walked side. Newest page by default, beforeSeq
    // pages back (walk backwards), afterSeq pages forward (walk forwards): one statement per direction, so a generic
    // plan also walks the index in order instead of sorting the conversation. A conversation with nothing in range
    // gives one row without message columns. OFFSET 0 keeps the far-side EXISTS in the conversation's subquery, so it
    // runs once, not once per row of the page.
    private static final String PAGE_OF = """
            SELECT c.older, c.newer, page.* FROM (
                SELECT c.id, %s AS older,
                    EXISTS (SELECT 1 FROM messages WHERE conversation_id = c.id AND deleted_at IS NULL AND seq >= ?) AS newer
                FROM conversations c WHERE c.id = ?::uuid AND c.deleted_at IS NULL AND\s""" + ReadScope.VISIBLE + """
                 OFFSET 0) c
            LEFT JOIN LATERAL (SELECT\s""" + MESSAGE_COLUMNS + """
             FROM messages m
                WHERE m.conversation_id = c.id AND m.deleted_at IS NULL AND %s
                ORDER BY m.seq %s LIMIT ?) page ON true
            ORDER BY page.seq""";

    /** Parameters: beforeSeq (the far bound), conversation, the scope's, beforeSeq, limit + 1. */
    static final String MESSAGES_BACK = PAGE_OF.formatted("false", "m.seq < ?", "DESC");

    /** Parameters: afterSeq, beforeSeq (the far bounds), conversation, the scope's, afterSeq, beforeSeq, limit + 1. */
    static final String MESSAGES_FORWARD = PAGE_OF.formatted(
            "EXISTS (SELECT 1 FROM messages WHERE conversation_id = c.id AND deleted_at IS NULL AND seq <= ?)",
            "m.seq > ? AND m.seq < ?", "");

    static final String SEQS = """
            SELECT m.conversation_id, m.id, m.seq
            FROM unnest(?::text[]::uuid[], ?::text[]::uuid[]) AS k(conversation_id, id)
            JOIN messages m ON m.conversation_id = k.conversation_id AND m.id = k.id""";

    private final Database database;
    private final RowViews rows;

    public ConversationReadModel(Database database, RowViews rows) {
        this.database = database;
        this.rows = rows;
    }

    /** The conversation, or empty if it is unknown, deleted (unless {@code includeDeleted}) or out of {@code scope}. */
    public Optional<ConversationView> conversation(String id, boolean includeDeleted, ReadScope scope) throws SQLException {
        return database.call(connection -> {
            try (PreparedStatement select = bound(CONVERSATION, scope, id, includeDeleted).prepare(connection);
                 ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(rows.conversation(row, participants(connection, id))) : Optional.empty();
            }
        });
    }

    /** Whether the conversation exists, is not deleted and is in {@code scope}. */
    public boolean exists(String id, ReadScope scope) throws SQLException {
        return database.call(connection -> {
            try (PreparedStatement select = bound(EXISTS, scope, id).prepare(connection);
                 ResultSet row = select.executeQuery()) {
                return row.next();
            }
        });
    }

    /**
     * A page of a conversation's messages in seq order, or empty if the conversation is unknown, deleted or out of
     * {@code scope}.
     *
     * @param beforeSeq only messages before this seq, or null
     * @param afterSeq  only messages after this seq, or null; the page then starts right after it
     */
    public Optional<MessagePage> messages(String conversationId, Long beforeSeq, Long afterSeq, int limit, ReadScope scope)
            throws SQLException {
        long before = beforeSeq == null ? Long.MAX_VALUE : beforeSeq;
        BoundSql statement = afterSeq == null
                ? new BoundSql.Builder().add(MESSAGES_BACK, before, conversationId).add("", scope.parameters().toArray())
                        .add("", before, limit + 1).build()
                : new BoundSql.Builder().add(MESSAGES_FORWARD, afterSeq, before, conversationId)
                        .add("", scope.parameters().toArray()).add("", afterSeq, before, limit + 1).build();
        return database.call(connection -> {
            try (PreparedStatement select = statement.prepare(connection); ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                boolean olderBeyond = row.getBoolean("older");
                boolean newerBeyond = row.getBoolean("newer");
                List<MessageView> page = new ArrayList<>(limit + 1);
                do {
                    if (row.getString("id") != null) {
                        page.add(rows.message(row));
                    }
                } while (row.next());
                return Optional.of(page(page, limit, afterSeq == null, olderBeyond, newerBeyond));
            }
        });
    }

    /**
     * The page from rows read with one more than {@code limit}: the extra row, at the walked end, only says that more
     * lies that way. An empty page has no neighbours to point at.
     */
    private static MessagePage page(List<MessageView> rows, int limit, boolean walkedBack, boolean olderBeyond,
                                    boolean newerBeyond) {
        boolean more = rows.size() > limit;
        List<MessageView> page = !more ? rows : walkedBack ? rows.subList(1, rows.size()) : rows.subList(0, limit);
        if (page.isEmpty()) {
            return new MessagePage(page, null, null);
        }
        boolean older = walkedBack ? more : olderBeyond;
        boolean newer = walkedBack ? newerBeyond : more || newerBeyond;
        return new MessagePage(page, older ? page.getFirst().seq() : null, newer ? page.getLast().seq() : null);
    }

    /** The seq of each of the messages that is stored. */
    public Map<MessageKey, Long> seqs(Collection<MessageKey> messages) throws SQLException {
        return database.call(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SEQS)) {
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
        });
    }

    /** {@code sql} with {@code leading} for its first {@code ?} and the scope's for those of {@link ReadScope#VISIBLE}. */
    static BoundSql bound(String sql, ReadScope scope, Object... leading) {
        return new BoundSql.Builder().add(sql, leading).add("", scope.parameters().toArray()).build();
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
