-- Layout "roleplay": the conversations and messages tables of AI roleplay sessions (Prisma models Conversation and
-- Message; one conversation per practice session; times without a zone, taken as UTC as Prisma writes them). One
-- record per row of the import's format (docs/import.md), a conversation's records right after it, in time order.
--
--   conversations.id                       -> conversation id (derived unless a UUID)
--   conversations.userId                   -> createdBy, and a participant (role user) who joins at startedAt
--   conversations.sessionId, scenarioId    -> attributes sessionId and scenarioId
--   conversations.title                    -> title
--   conversations.tags                     -> tags (a JSON array of strings)
--   conversations.summary, keyTopics       -> a description update at completedAt (else updatedAt)
--   conversations.startedAt                -> startedAt
--   conversations.completedAt              -> a status change to resolved at that time (the session ended)
--   conversations.isArchived, isPinned,
--                 isFavorited              -> the user's flags, set at updatedAt when any is true
--   conversations.messageCount, userMessageCount, aiMessageCount, averageSentiment, lastMessageAt
--                                          -> recomputed (messageCounts, sentiment of the user's messages, lastMessageAt)
--   conversations.createdAt, updatedAt     -> not copied (updatedAt times the flags and the update)
--   messages.id                            -> message id (derived unless a UUID)
--   messages.conversationId                -> its conversation; a message without one belongs to the conversation of
--                                             its sessionId
--   messages.role                          -> senderRole: user (sent by the conversation's userId) or assistant (ai)
--   messages.content                       -> content
--   messages.timestamp                     -> occurredAt
--   messages.embeddings                    -> not imported (Threadline's search indexes the content itself)
--   kind                                   -> roleplay
SELECT record::text FROM (
    SELECT c.id AS conversation, 0 AS phase, c."startedAt" AS at, 0 AS position, '' AS tiebreak,
           json_build_object('type', 'conversation', 'id', c.id, 'kind', 'roleplay', 'title', c.title,
                             'createdBy', c."userId", 'tags', c.tags,
                             'attributes', json_build_object('sessionId', c."sessionId", 'scenarioId', c."scenarioId"),
                             'startedAt', c."startedAt" AT TIME ZONE 'UTC') AS record
    FROM conversations c
    UNION ALL
    SELECT c.id, 1, c."startedAt", 0, '',
           json_build_object('type', 'participant', 'conversationId', c.id, 'userId', c."userId", 'role', 'user',
                             'joinedAt', c."startedAt" AT TIME ZONE 'UTC')
    FROM conversations c
    UNION ALL
    SELECT c.id, 1, m."timestamp", 1, m.id,
           json_build_object('type', 'message', 'conversationId', c.id, 'id', m.id,
                             'senderId', CASE WHEN m.role = 'user' THEN c."userId" END,
                             'senderRole', CASE WHEN m.role = 'user' THEN 'user' ELSE 'assistant' END,
                             'content', m.content, 'occurredAt', m."timestamp" AT TIME ZONE 'UTC')
    FROM messages m
    JOIN conversations c ON c.id = m."conversationId" OR (m."conversationId" IS NULL AND c."sessionId" = m."sessionId")
    UNION ALL
    SELECT c.id, 1, coalesce(c."completedAt", c."updatedAt"), 2, '',
           json_build_object('type', 'update', 'conversationId', c.id, 'summary', c.summary, 'keyTopics', c."keyTopics",
                             'occurredAt', coalesce(c."completedAt", c."updatedAt") AT TIME ZONE 'UTC')
    FROM conversations c WHERE c.summary IS NOT NULL OR c."keyTopics" IS NOT NULL
    UNION ALL
    SELECT c.id, 1, c."completedAt", 3, '',
           json_build_object('type', 'status', 'conversationId', c.id, 'status', 'resolved',
                             'occurredAt', c."completedAt" AT TIME ZONE 'UTC')
    FROM conversations c WHERE c."completedAt" IS NOT NULL
    UNION ALL
    SELECT c.id, 1, c."updatedAt", 4, '',
           json_build_object('type', 'flags', 'conversationId', c.id, 'userId', c."userId",
                             'archived', c."isArchived", 'pinned', c."isPinned", 'favorited', c."isFavorited",
                             'occurredAt', c."updatedAt" AT TIME ZONE 'UTC')
    FROM conversations c WHERE c."isArchived" OR c."isPinned" OR c."isFavorited"
) records
ORDER BY conversation, phase, at, position, tiebreak
