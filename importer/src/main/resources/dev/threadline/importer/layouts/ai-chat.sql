-- Layout "ai-chat": the conversations and messages tables of an AI chat store (Sequelize models Conversation and
-- Message with snake_case columns; a user's chats with a model). One record per row of the import's format
-- (docs/import.md), a conversation's records right after it, in time order.
--
--   conversations.id                 -> conversation id (a UUID: kept)
--   conversations.user_id            -> createdBy, and a participant (role user) who joins at created_at
--   conversations.title              -> title
--   conversations.model              -> model
--   conversations.context_window     -> contextWindow
--   conversations.total_tokens_used  -> recomputed (totalTokens = the sum of the messages' tokens_used)
--   conversations.message_count      -> recomputed (messageCounts)
--   conversations.created_at         -> startedAt
--   conversations.updated_at         -> recomputed (updatedAt, lastMessageAt)
--   conversations.deleted_at         -> a deletion at that time (soft: hidden from readers, kept)
--   messages.id                      -> message id (a UUID: kept)
--   messages.role                    -> senderRole: user (sent by the conversation's user_id), assistant, system
--   messages.content                 -> content
--   messages.tokens_used             -> tokensUsed
--   messages.model                   -> model of an assistant's message
--   messages.created_at              -> occurredAt
--   kind                             -> ai_chat
SELECT record::text FROM (
    SELECT c.id::text AS conversation, 0 AS phase, c.created_at AS at, '' AS position,
           json_build_object('type', 'conversation', 'id', c.id::text, 'kind', 'ai_chat', 'title', c.title,
                             'model', c.model, 'contextWindow', c.context_window, 'createdBy', c.user_id::text,
                             'startedAt', c.created_at) AS record
    FROM conversations c
    UNION ALL
    SELECT c.id::text, 1, c.created_at, '',
           json_build_object('type', 'participant', 'conversationId', c.id::text, 'userId', c.user_id::text,
                             'role', 'user', 'joinedAt', c.created_at)
    FROM conversations c
    UNION ALL
    SELECT m.conversation_id::text, 1, m.created_at, m.id::text,
           json_build_object('type', 'message', 'conversationId', m.conversation_id::text, 'id', m.id::text,
                             'senderId', CASE WHEN m.role::text = 'user' THEN c.user_id::text END,
                             'senderRole', m.role::text, 'content', m.content, 'tokensUsed', m.tokens_used,
                             'model', CASE WHEN m.role::text = 'assistant' THEN m.model END,
                             'occurredAt', m.created_at)
    FROM messages m JOIN conversations c ON c.id = m.conversation_id
    UNION ALL
    SELECT c.id::text, 2, c.deleted_at, '',
           json_build_object('type', 'delete', 'conversationId', c.id::text, 'occurredAt', c.deleted_at)
    FROM conversations c WHERE c.deleted_at IS NOT NULL
) records
ORDER BY conversation, phase, at, position
