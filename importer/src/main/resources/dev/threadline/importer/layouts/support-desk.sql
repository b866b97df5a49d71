-- Layout "support-desk": the Conversation and Message tables of a support desk (Sequelize models "Conversation" and
-- "Message", tables "Conversations" and "Messages", timestamps on). One record per row of the import's format
-- (docs/import.md), a conversation's records right after it, in time order.
--
--   Conversations.id         -> conversation id (derived: not a UUID)
--   Conversations.userId     -> createdBy, and a participant (role user) who joins at createdAt
--   Conversations.subject    -> title
--   Conversations.priority   -> priority (low, medium, high)
--   Conversations.status     -> a status change at updatedAt, unless open (the table keeps no history: its last
--                               change is the only time it has)
--   Conversations.createdAt  -> startedAt
--   Conversations.updatedAt  -> the time of that status change; otherwise recomputed (lastMessageAt, updatedAt)
--   Messages.id              -> message id (derived)
--   Messages.sender          -> senderRole: user, or admin (a responder); the user's messages are sent by userId,
--                               an admin's by nobody in particular (the table does not say which admin)
--   Messages.message         -> content
--   Messages.createdAt       -> occurredAt
--   kind                     -> support, for every conversation
SELECT record::text FROM (
    SELECT c.id AS conversation, 0 AS phase, c."createdAt" AS at, 0 AS position,
           json_build_object('type', 'conversation', 'id', c.id::text, 'kind', 'support', 'title', c.subject,
                             'priority', c.priority::text, 'createdBy', c."userId"::text, 'startedAt', c."createdAt")
               AS record
    FROM "Conversations" c
    UNION ALL
    SELECT c.id, 1, c."createdAt", 0,
           json_build_object('type', 'participant', 'conversationId', c.id::text, 'userId', c."userId"::text,
                             'role', 'user', 'joinedAt', c."createdAt")
    FROM "Conversations" c
    UNION ALL
    SELECT m."conversationId", 1, m."createdAt", 1 + m.id,
           json_build_object('type', 'message', 'conversationId', m."conversationId"::text, 'id', m.id::text,
                             'senderId', CASE WHEN m.sender::text = 'user' THEN c."userId"::text END,
                             'senderRole', m.sender::text, 'content', m.message, 'occurredAt', m."createdAt")
    FROM "Messages" m JOIN "Conversations" c ON c.id = m."conversationId"
    UNION ALL
    SELECT c.id, 1, c."updatedAt", 9223372036854775807,
           json_build_object('type', 'status', 'conversationId', c.id::text, 'status', c.status::text,
                             'occurredAt', c."updatedAt")
    FROM "Conversations" c WHERE c.status::text <> 'open'
) records
ORDER BY conversation, phase, at, position
