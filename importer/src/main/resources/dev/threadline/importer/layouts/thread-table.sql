-- Layout "thread-table": one Messages table for everything, a conversation being the messages of one threadId
-- (Sequelize model "Message", table "Messages", timestamps on; no table of threads). One record per row of the
-- import's format (docs/import.md), a conversation's records right after it, in time order.
--
--   Messages.threadId   -> conversation id (derived: not a UUID); the conversation starts with its first message
--                          (min createdAt), created by that message's userId when a user wrote it
--   Messages.userId     -> senderId of a user's message, and a participant (role user) who joins with their first
--                          message; null for an admin's message
--   Messages.sender     -> senderRole: user, or admin (a responder; the table does not say which admin)
--   Messages.id         -> message id (derived)
--   Messages.message    -> content
--   Messages.createdAt  -> occurredAt
--   Messages.updatedAt  -> not used (the design never edits messages)
--   kind                -> support; no title, status or priority (the design keeps none: every thread stays open)
SELECT record::text FROM (
    SELECT t."threadId" AS conversation, 0 AS phase, t.started AS at, 0 AS position,
           json_build_object('type', 'conversation', 'id', t."threadId"::text, 'kind', 'support',
                             'createdBy', t.creator::text, 'startedAt', t.started) AS record
    FROM (SELECT DISTINCT ON ("threadId") "threadId", "createdAt" AS started,
                 CASE WHEN sender::text = 'user' THEN "userId" END AS creator
          FROM "Messages" ORDER BY "threadId", "createdAt", id) t
    UNION ALL
    SELECT p."threadId", 1, p.joined, 0,
           json_build_object('type', 'participant', 'conversationId', p."threadId"::text, 'userId', p."userId"::text,
                             'role', 'user', 'joinedAt', p.joined)
    FROM (SELECT "threadId", "userId", min("createdAt") AS joined FROM "Messages"
          WHERE "userId" IS NOT NULL AND sender::text = 'user' GROUP BY "threadId", "userId") p
    UNION ALL
    SELECT m."threadId", 1, m."createdAt", 1 + m.id,
           json_build_object('type', 'message', 'conversationId', m."threadId"::text, 'id', m.id::text,
                             'senderId', CASE WHEN m.sender::text = 'user' THEN m."userId"::text END,
                             'senderRole', m.sender::text, 'content', m.message, 'occurredAt', m."createdAt")
    FROM "Messages" m
) records
ORDER BY conversation, phase, at, position
