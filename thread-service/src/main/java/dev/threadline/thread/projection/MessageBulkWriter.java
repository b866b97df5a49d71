package dev.threadline.thread.projection;

import dev.threadline.events.ConversationEvent;
import dev.threadline.events.MessagePosted;
import dev.threadline.thread.persistence.JsonColumns;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Inserts a run of posted messages in two statements, whatever their number and conversations:
 * placeholders for conversations not seen yet, then one statement that numbers the new messages
 * per conversation in event order, inserts them, moves each conversation's counters by what was
 * really inserted and copies the newest activity to its participants.
 *
 * <p>A message already stored (a redelivery) or repeated within the run is left out before it is
 * numbered, so it takes no seq and moves no counter. {@code GREATEST} keeps a late message from
 * moving {@code last_message_at} back; a sender's own message counts as read by the sender; an agent's
 * or admin's message earlier than the conversation's start is not its first response.
 */
@Singleton
public class MessageBulkWriter {

    private static final String ENSURE_CONVERSATIONS = """
            INSERT INTO conversations (id, tenant, created_at, updated_at)
            SELECT DISTINCT ON (i.id) i.id, COALESCE(i.tenant, ''), timestamptz 'epoch' + i.at * interval '1 microsecond',
                   timestamptz 'epoch' + i.at * interval '1 microsecond'
            FROM unnest(?::text[]::uuid[], ?::text[], ?::int8[]) WITH ORDINALITY AS i(id, tenant, at, ord)
            ORDER BY i.id, i.ord
            ON CONFLICT (id) DO NOTHING""";

    static final String INSERT_RUN = """
            WITH input AS (
                SELECT i.id, i.conversation_id, i.sender_id, i.sender_role, i.content, i.content_type, i.tokens_used,
                       i.model, i.reply_to, i.attributes,
                       timestamptz 'epoch' + i.created_micros * interval '1 microsecond' AS created_at,
                       timestamptz 'epoch' + i.ingested_micros * interval '1 microsecond' AS ingested_at, i.ord
                FROM unnest(?::text[]::uuid[], ?::text[]::uuid[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::int[], ?::text[], ?::text[]::uuid[], ?::text[]::jsonb[], ?::int8[], ?::int8[])
                    WITH ORDINALITY AS i(id, conversation_id, sender_id, sender_role, content, content_type,
                                         tokens_used, model, reply_to, attributes, created_micros, ingested_micros, ord)
            ), fresh AS (
                SELECT DISTINCT ON (i.conversation_id, i.id) i.* FROM input i
                WHERE NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = i.conversation_id AND m.id = i.id)
                ORDER BY i.conversation_id, i.id, i.ord
            ), numbered AS (
                SELECT f.*, c.last_seq + row_number() OVER (PARTITION BY f.conversation_id ORDER BY f.ord) AS seq
                FROM fresh f JOIN conversations c ON c.id = f.conversation_id
            ), inserted AS (
                INSERT INTO messages (id, conversation_id, seq, sender_id, sender_role, content, content_type,
                                      tokens_used, model, reply_to, attributes, created_at, ingested_at)
                SELECT id, conversation_id, seq, sender_id, sender_role, content, content_type, tokens_used, model,
                       reply_to, attributes, created_at, ingested_at
                FROM numbered
                ON CONFLICT (conversation_id, id) DO NOTHING
                RETURNING conversation_id, seq, sender_id, sender_role, tokens_used, created_at, content
            ), per_conversation AS (
                SELECT conversation_id,
                       max(seq) AS last_seq,
                       count(*) AS total,
                       count(*) FILTER (WHERE sender_role = 'user') AS by_users,
                       count(*) FILTER (WHERE sender_role IN ('agent', 'admin')) AS by_responders,
                       count(*) FILTER (WHERE sender_role = 'assistant') AS by_assistants,
                       count(*) FILTER (WHERE sender_role = 'system') AS by_system,
                       sum(COALESCE(tokens_used, 0)) AS tokens,
                       max(created_at) AS newest_at,
                       (array_agg(left(content, 140) ORDER BY created_at DESC, seq DESC))[1] AS newest_preview,
                       array_agg(created_at) FILTER (WHERE sender_role IN ('agent', 'admin')) AS responses,
                       array_agg(sender_id) AS senders,
                       array_agg(seq) AS seqs
                FROM inserted GROUP BY conversation_id
            ), counted AS (
                UPDATE conversations c SET
                    last_seq = p.last_seq,
                    message_count = c.message_count + p.total,
                    user_message_count = c.user_message_count + p.by_users,
                    responder_message_count = c.responder_message_count + p.by_responders,
                    assistant_message_count = c.assistant_message_count + p.by_assistants,
                    system_message_count = c.system_message_count + p.by_system,
                    total_tokens = c.total_tokens + p.tokens,
                    last_message_preview = CASE WHEN c.last_message_at IS NULL OR p.newest_at >= c.last_message_at
                                                THEN p.newest_preview ELSE c.last_message_preview END,
                    last_message_at = GREATEST(c.last_message_at, p.newest_at),
                    first_response_at = LEAST(c.first_response_at, (SELECT min(r) FROM unnest(p.responses) AS r
                                                                    WHERE c.started_at IS NULL OR r >= c.started_at)),
                    updated_at = GREATEST(c.updated_at, p.newest_at)
                FROM per_conversation p WHERE c.id = p.conversation_id
                RETURNING c.id, c.last_message_at, p.senders, p.seqs
            )
            UPDATE participants p SET
                last_message_at = counted.last_message_at,
                last_read_seq = GREATEST(p.last_read_seq, COALESCE(
                    (SELECT max(s.seq) FROM unnest(counted.senders, counted.seqs) AS s(sender_id, seq)
                     WHERE s.sender_id = p.user_id), 0))
            FROM counted WHERE p.conversation_id = counted.id""";

    private final JsonColumns json;

    public MessageBulkWriter(JsonColumns json) {
        this.json = json;
    }

    /** Inserts the messages of {@code run}; every event in it must be a {@link MessagePosted}. */
    public void insert(Connection connection, List<ConversationEvent> run) throws SQLException {
        int n = run.size();
        String[] conversationIds = new String[n];
        String[] tenants = new String[n];
        Long[] occurredAt = new Long[n];
        String[] ids = new String[n];
        String[] senderIds = new String[n];
        String[] senderRoles = new String[n];
        String[] contents = new String[n];
        String[] contentTypes = new String[n];
        Integer[] tokens = new Integer[n];
        String[] models = new String[n];
        String[] replyTo = new String[n];
        String[] attributes = new String[n];
        Long[] ingestedAt = new Long[n];
        for (int i = 0; i < n; i++) {
            ConversationEvent event = run.get(i);
            MessagePosted message = (MessagePosted) event.getPayload();
            conversationIds[i] = event.getConversationId();
            tenants[i] = event.getTenant();
            occurredAt[i] = epochMicros(event.getOccurredAt());
            ingestedAt[i] = epochMicros(event.getIngestedAt());
            ids[i] = message.getMessageId();
            senderIds[i] = message.getSenderId();
            senderRoles[i] = message.getSenderRole().name();
            contents[i] = message.getContent();
            contentTypes[i] = message.getContentType();
            tokens[i] = message.getTokensUsed();
            models[i] = message.getModel();
            replyTo[i] = message.getReplyTo();
            attributes[i] = json.write(message.getAttributes());
        }
        try (PreparedStatement ensure = connection.prepareStatement(ENSURE_CONVERSATIONS)) {
            ensure.setArray(1, connection.createArrayOf("text", conversationIds));
            ensure.setArray(2, connection.createArrayOf("text", tenants));
            ensure.setArray(3, connection.createArrayOf("int8", occurredAt));
            ensure.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_RUN)) {
            Object[][] columns = {ids, conversationIds, senderIds, senderRoles, contents, contentTypes};
            int p = 0;
            for (Object[] column : columns) {
                insert.setArray(++p, connection.createArrayOf("text", column));
            }
            insert.setArray(++p, connection.createArrayOf("int4", tokens));
            insert.setArray(++p, connection.createArrayOf("text", models));
            insert.setArray(++p, connection.createArrayOf("text", replyTo));
            insert.setArray(++p, connection.createArrayOf("text", attributes));
            insert.setArray(++p, connection.createArrayOf("int8", occurredAt));
            insert.setArray(++p, connection.createArrayOf("int8", ingestedAt));
            insert.executeUpdate();
        }
    }

    /**
     * Times travel as microseconds since the epoch, which the driver sends as a binary {@code int8[]}: a
     * {@code timestamptz[]} goes as text, formatted through a calendar per element in Java and parsed in PostgreSQL.
     */
    private static long epochMicros(Instant time) {
        return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
    }
}
