package dev.threadline.thread.persistence;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.ConversationStarted;
import dev.threadline.events.MessagePosted;
import dev.threadline.events.Participant;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Writes conversation events into the read model, inside the caller's transaction. Every
 * statement is idempotent or guarded, and times come from the events, never the clock, so
 * applying the same events again leaves the same rows.
 *
 * <p>Message before start: any event creates its conversation as a placeholder (kind
 * {@code custom}, {@code started_at} null) if it does not exist yet; the first
 * {@code ConversationStarted} then fills in the descriptive fields and keeps the counters.
 */
@Singleton
public class ConversationWriter {

    private static final String START = """
            INSERT INTO conversations (id, tenant, kind, title, status, priority, created_by, attributes, model,
                                       context_window, tags, started_at, resolved_at, created_at, updated_at)
            VALUES (?::uuid, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET
                tenant = EXCLUDED.tenant, kind = EXCLUDED.kind, title = EXCLUDED.title, status = EXCLUDED.status,
                priority = EXCLUDED.priority, created_by = EXCLUDED.created_by,
                attributes = EXCLUDED.attributes || conversations.attributes, model = EXCLUDED.model,
                context_window = EXCLUDED.context_window, tags = EXCLUDED.tags, started_at = EXCLUDED.started_at,
                resolved_at = EXCLUDED.resolved_at, created_at = LEAST(conversations.created_at, EXCLUDED.created_at),
                updated_at = GREATEST(conversations.updated_at, EXCLUDED.updated_at)
            WHERE conversations.started_at IS NULL""";

    // One statement: insert the message with the next seq, move the counters only if the row
    // was really inserted (a redelivered message hits ON CONFLICT and returns nothing), and copy
    // last_message_at to the participants. GREATEST keeps a late event from moving it back.
    private static final String POST = """
            WITH inserted AS (
                INSERT INTO messages (id, conversation_id, seq, sender_id, sender_role, content, content_type,
                                      tokens_used, model, reply_to, attributes, created_at, ingested_at)
                SELECT ?::uuid, c.id, c.last_seq + 1, ?, ?, ?, ?, ?, ?, ?::uuid, ?::jsonb, ?, ?
                FROM conversations c WHERE c.id = ?::uuid
                ON CONFLICT (id) DO NOTHING
                RETURNING conversation_id, sender_role, tokens_used, created_at, content
            ), counted AS (
                UPDATE conversations c SET
                    last_seq = c.last_seq + 1,
                    message_count = c.message_count + 1,
                    user_message_count = c.user_message_count + (i.sender_role = 'user')::int,
                    responder_message_count = c.responder_message_count + (i.sender_role IN ('agent', 'admin'))::int,
                    assistant_message_count = c.assistant_message_count + (i.sender_role = 'assistant')::int,
                    system_message_count = c.system_message_count + (i.sender_role = 'system')::int,
                    total_tokens = c.total_tokens + COALESCE(i.tokens_used, 0),
                    last_message_preview = CASE WHEN c.last_message_at IS NULL OR i.created_at >= c.last_message_at
                                                THEN left(i.content, 140) ELSE c.last_message_preview END,
                    last_message_at = GREATEST(c.last_message_at, i.created_at),
                    first_response_at = CASE WHEN i.sender_role IN ('agent', 'admin')
                                             THEN LEAST(c.first_response_at, i.created_at) ELSE c.first_response_at END,
                    updated_at = GREATEST(c.updated_at, i.created_at)
                FROM inserted i WHERE c.id = i.conversation_id
                RETURNING c.id, c.last_message_at
            )
            UPDATE participants p SET last_message_at = counted.last_message_at
            FROM counted WHERE p.conversation_id = counted.id""";

    private final JsonColumns json;
    private final ConversationUpdates updates;

    public ConversationWriter(JsonColumns json, ConversationUpdates updates) {
        this.json = json;
        this.updates = updates;
    }

    /** Applies one event. */
    public void apply(Connection connection, ConversationEvent event) throws SQLException {
        switch (event.getPayload()) {
            case ConversationStarted started -> start(connection, event, started);
            case MessagePosted posted -> post(connection, event, posted);
            default -> updates.apply(connection, event);
        }
    }

    private void start(Connection connection, ConversationEvent event, ConversationStarted started) throws SQLException {
        Timestamp at = Timestamp.from(event.getOccurredAt());
        try (PreparedStatement upsert = connection.prepareStatement(START)) {
            int i = 0;
            upsert.setString(++i, event.getConversationId());
            upsert.setString(++i, event.getTenant());
            upsert.setString(++i, started.getKind().name());
            upsert.setString(++i, started.getTitle());
            upsert.setString(++i, started.getStatus().name());
            upsert.setString(++i, started.getPriority().name());
            upsert.setString(++i, event.getActor().getId());
            upsert.setString(++i, json.write(started.getAttributes()));
            upsert.setString(++i, started.getModel());
            upsert.setObject(++i, started.getContextWindow());
            upsert.setArray(++i, connection.createArrayOf("text", started.getTags().toArray()));
            upsert.setTimestamp(++i, at);
            upsert.setTimestamp(++i, "resolved".equals(started.getStatus().name()) ? at : null);
            upsert.setTimestamp(++i, at);
            upsert.setTimestamp(++i, at);
            upsert.executeUpdate();
        }
        for (Participant participant : started.getParticipants()) {
            updates.join(connection, event.getConversationId(), participant, event.getOccurredAt());
        }
    }

    private void post(Connection connection, ConversationEvent event, MessagePosted message) throws SQLException {
        updates.ensureConversation(connection, event);
        try (PreparedStatement insert = connection.prepareStatement(POST)) {
            int i = 0;
            insert.setString(++i, message.getMessageId());
            insert.setString(++i, message.getSenderId());
            insert.setString(++i, message.getSenderRole().name());
            insert.setString(++i, message.getContent());
            insert.setString(++i, message.getContentType());
            insert.setObject(++i, message.getTokensUsed());
            insert.setString(++i, message.getModel());
            insert.setString(++i, message.getReplyTo());
            insert.setString(++i, json.write(message.getAttributes()));
            insert.setTimestamp(++i, Timestamp.from(event.getOccurredAt()));
            insert.setTimestamp(++i, Timestamp.from(event.getIngestedAt()));
            insert.setString(++i, event.getConversationId());
            insert.executeUpdate();
        }
    }
}
