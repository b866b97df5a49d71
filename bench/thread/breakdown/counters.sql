-- The message rows and their conversations' counters, last_message_at and preview, as the run statement moves them.
WITH inserted AS (
    INSERT INTO messages (id, conversation_id, seq, sender_id, sender_role, content, content_type, created_at, ingested_at)
    SELECT id, conversation_id, seq, sender_id, sender_role, content, 'text/plain', created_at, created_at
    FROM bench_messages WHERE batch = :b
    RETURNING conversation_id, seq, sender_role, tokens_used, created_at, content
), per_conversation AS (
    SELECT conversation_id, max(seq) AS last_seq, count(*) AS total,
           count(*) FILTER (WHERE sender_role = 'user') AS by_users,
           count(*) FILTER (WHERE sender_role IN ('agent', 'admin')) AS by_responders,
           count(*) FILTER (WHERE sender_role = 'assistant') AS by_assistants,
           sum(COALESCE(tokens_used, 0)) AS tokens, max(created_at) AS newest_at,
           (array_agg(left(content, 140) ORDER BY created_at DESC, seq DESC))[1] AS newest_preview
    FROM inserted GROUP BY conversation_id
)
UPDATE conversations c SET last_seq = p.last_seq, message_count = c.message_count + p.total,
    user_message_count = c.user_message_count + p.by_users,
    responder_message_count = c.responder_message_count + p.by_responders,
    assistant_message_count = c.assistant_message_count + p.by_assistants, total_tokens = c.total_tokens + p.tokens,
    last_message_preview = p.newest_preview, last_message_at = GREATEST(c.last_message_at, p.newest_at),
    updated_at = GREATEST(c.updated_at, p.newest_at)
FROM per_conversation p WHERE c.id = p.conversation_id;
