package dev.threadline.thread.projection;

import dev.threadline.events.ConversationDeleted;
import dev.threadline.events.ConversationEvent;
import dev.threadline.events.MessageDeleted;
import dev.threadline.events.MessageEdited;
import dev.threadline.events.MessagePosted;
import dev.threadline.thread.persistence.ReadScope;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps {@code message_search} in step with conversation-events: a posted message's words are
 * indexed (a repeated message id within its conversation keeps the first, as the read model does),
 * an edit re-indexes them, a deleted message or conversation leaves the index. Posted messages
 * are indexed in runs of one statement; every other event is rare.
 */
@Singleton
public class SearchIndexWriter implements BatchWriter {

    private static final String INDEX_RUN = """
            INSERT INTO message_search (conversation_id, message_id, content_tsv, tenant, sender_id)
            SELECT DISTINCT ON (i.conversation_id, i.id) i.conversation_id, i.id, to_tsvector('english'::regconfig, i.content),
                   i.tenant, i.sender_id
            FROM unnest(?::text[]::uuid[], ?::text[]::uuid[], ?::text[], ?::text[], ?::text[])
                 WITH ORDINALITY AS i(conversation_id, id, content, tenant, sender_id, ord)
            ORDER BY i.conversation_id, i.id, i.ord
            ON CONFLICT (conversation_id, message_id) DO NOTHING""";

    private static final String REINDEX = """
            UPDATE message_search SET content_tsv = to_tsvector('english'::regconfig, ?)
            WHERE conversation_id = ?::uuid AND message_id = ?::uuid""";

    private static final String FORGET_MESSAGE = "DELETE FROM message_search WHERE conversation_id = ?::uuid AND message_id = ?::uuid";

    private static final String FORGET_CONVERSATION = "DELETE FROM message_search WHERE conversation_id = ?::uuid";

    private static final String FORGET_SENDER = "DELETE FROM message_search WHERE tenant = ? AND sender_id = ANY (?)";

    private static final String REPLACE_SENDER = "UPDATE message_search SET sender_id = ? WHERE tenant = ? AND sender_id = ?";

    @Override
    public void apply(Connection connection, List<ConversationEvent> events) throws SQLException {
        List<ConversationEvent> run = new ArrayList<>();
        for (ConversationEvent event : events) {
            switch (event.getPayload()) {
                // A message without words (an erased user's, redacted) has nothing to find: it gets no row, as the
                // erasure's sweep leaves none whichever came first.
                case MessagePosted posted when posted.getContent().isEmpty() -> { }
                case MessagePosted ignored -> run.add(event);
                case MessageEdited edited -> {
                    index(connection, run);
                    update(connection, REINDEX, edited.getContent(), event.getConversationId(), edited.getMessageId());
                }
                case MessageDeleted deleted -> {
                    index(connection, run);
                    update(connection, FORGET_MESSAGE, event.getConversationId(), deleted.getMessageId());
                }
                case ConversationDeleted ignored -> {
                    index(connection, run);
                    update(connection, FORGET_CONVERSATION, event.getConversationId());
                }
                default -> {
                    // Nothing else changes what is searchable.
                }
            }
        }
        index(connection, run);
    }

    /** A redacting erasure takes the user's words out of the index; otherwise they stay, under the replacement. */
    @Override
    public void erase(Connection connection, ErasedUsers.Erasure erasure) throws SQLException {
        if (!erasure.sweep()) {
            return; // swept at an earlier copy of the erasure; what came since was rewritten
        }
        if (erasure.redact()) {
            try (PreparedStatement forget = connection.prepareStatement(FORGET_SENDER)) {
                forget.setString(1, erasure.tenant());
                forget.setArray(2, connection.createArrayOf("text", erasure.senders()));
                forget.executeUpdate();
            }
        } else {
            update(connection, REPLACE_SENDER, erasure.replacement(), erasure.tenant(), erasure.userId());
        }
    }

    @Override
    public void purge(Connection connection, String conversationId) throws SQLException {
        update(connection, FORGET_CONVERSATION, conversationId);
    }

    private static void index(Connection connection, List<ConversationEvent> run) throws SQLException {
        if (run.isEmpty()) {
            return;
        }
        int n = run.size();
        String[] conversations = new String[n];
        String[] ids = new String[n];
        String[] contents = new String[n];
        String[] tenants = new String[n];
        String[] senders = new String[n];
        for (int i = 0; i < n; i++) {
            MessagePosted message = (MessagePosted) run.get(i).getPayload();
            conversations[i] = run.get(i).getConversationId();
            ids[i] = message.getMessageId();
            contents[i] = message.getContent();
            tenants[i] = ReadScope.stored(run.get(i).getTenant());
            senders[i] = message.getSenderId();
        }
        try (PreparedStatement insert = connection.prepareStatement(INDEX_RUN)) {
            insert.setArray(1, connection.createArrayOf("text", conversations));
            insert.setArray(2, connection.createArrayOf("text", ids));
            insert.setArray(3, connection.createArrayOf("text", contents));
            insert.setArray(4, connection.createArrayOf("text", tenants));
            insert.setArray(5, connection.createArrayOf("text", senders));
            insert.executeUpdate();
        }
        run.clear();
    }

    private static void update(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
