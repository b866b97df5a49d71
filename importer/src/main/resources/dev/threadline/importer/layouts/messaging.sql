-- Layout "messaging": direct, group and property messaging (conversations, conversation_participants, messages;
-- propertyConversations and propertyMessages; nanoid keys, camelCase columns). One record per row of the import's
-- format (docs/import.md), a conversation's records right after it, in time order.
--
--   conversations.id                     -> conversation id (derived)
--   conversations.name                   -> title
--   conversations.offerId                -> attribute offerId
--   conversations.createdAt              -> startedAt
--   (participants)                       -> kind: direct with at most two participants, else group
--   conversation_participants.userId     -> a participant (role user) who joins at the conversation's createdAt (the
--                                           table keeps no join time)
--   messages.id                          -> message id (derived)
--   messages.userId                      -> senderId, role user; a message without one (the system's, or a deleted
--                                           user's: set null) is a system message
--   messages.message                     -> content
--   messages.createdAt                   -> occurredAt
--   messages.read                        -> each other participant has read up to the newest such message (a read at
--                                           that message's createdAt: the table keeps no read time)
--   messages.isEdit                      -> not imported: the table keeps neither the edit's time nor the old content
--   propertyConversations.id             -> conversation id (derived from "property:" and the id: the two tables'
--                                           ids never meet)
--   propertyConversations.travelerId     -> createdBy, and a participant (role user) who joins at createdAt
--   propertyConversations.propertyId, offerId, requestToBookId, tripId, plannedCheckIn, plannedCheckOut,
--                        plannedNumGuests -> attributes of the same names (when set)
--   propertyConversations.createdAt      -> startedAt; kind direct
--   propertyMessages.id                  -> message id (derived)
--   propertyMessages.authorId            -> senderId: the traveler writes as user; anyone else (the host) as agent,
--                                           a responder whose first reply is the first response, and a participant
--                                           (role agent) from their first message on
--   propertyMessages.message             -> content
--   propertyMessages.createdAt           -> occurredAt
--   propertyMessages.editedAt            -> an edit at that time (to the content as stored)
--   propertyMessages.readAt              -> the recipient (the traveler, or for the traveler's messages the host who
--                                           wrote in the conversation) has read up to the newest such message, at its
--                                           readAt
WITH members AS (
    SELECT "conversationId", count(*) AS n FROM conversation_participants GROUP BY "conversationId"
), reads AS (
    -- Per conversation and participant: the newest message marked read that someone else wrote.
    SELECT DISTINCT ON (p."conversationId", p."userId") p."conversationId", p."userId", m.id, m."createdAt"
    FROM conversation_participants p
    JOIN messages m ON m."conversationId" = p."conversationId" AND m.read AND m."userId" IS DISTINCT FROM p."userId"
    ORDER BY p."conversationId", p."userId", m."createdAt" DESC, m.id DESC
), hosts AS (
    SELECT pm."conversationId", min(pm."authorId") AS host
    FROM "propertyMessages" pm JOIN "propertyConversations" pc ON pc.id = pm."conversationId"
    WHERE pm."authorId" <> pc."travelerId" GROUP BY pm."conversationId"
), property_reads AS (
    SELECT DISTINCT ON (r.reader, pm."conversationId") pm."conversationId", r.reader, pm.id, pm."readAt"
    FROM "propertyMessages" pm JOIN "propertyConversations" pc ON pc.id = pm."conversationId"
    LEFT JOIN hosts h ON h."conversationId" = pm."conversationId"
    CROSS JOIN LATERAL (SELECT CASE WHEN pm."authorId" = pc."travelerId" THEN h.host ELSE pc."travelerId" END AS reader) r
    WHERE pm."readAt" IS NOT NULL AND r.reader IS NOT NULL
    ORDER BY r.reader, pm."conversationId", pm."createdAt" DESC, pm.id DESC
)
SELECT record::text FROM (
    SELECT c.id AS conversation, 0 AS phase, c."createdAt" AS at, 0 AS position, '' AS tiebreak,
           json_build_object('type', 'conversation', 'id', c.id,
                             'kind', CASE WHEN coalesce(mb.n, 0) <= 2 THEN 'direct' ELSE 'group' END, 'title', c.name,
                             'attributes', CASE WHEN c."offerId" IS NULL THEN '{}'::json
                                                ELSE json_build_object('offerId', c."offerId"::text) END,
                             'startedAt', c."createdAt") AS record
    FROM conversations c LEFT JOIN members mb ON mb."conversationId" = c.id
    UNION ALL
    SELECT p."conversationId", 1, c."createdAt", 0, p."userId",
           json_build_object('type', 'participant', 'conversationId', p."conversationId", 'userId', p."userId",
                             'role', 'user', 'joinedAt', c."createdAt")
    FROM conversation_participants p JOIN conversations c ON c.id = p."conversationId"
    UNION ALL
    SELECT m."conversationId", 1, m."createdAt", 1, m.id,
           json_build_object('type', 'message', 'conversationId', m."conversationId", 'id', m.id, 'senderId', m."userId",
                             'senderRole', CASE WHEN m."userId" IS NULL THEN 'system' ELSE 'user' END,
                             'content', m.message, 'occurredAt', m."createdAt")
    FROM messages m
    UNION ALL
    SELECT r."conversationId", 1, r."createdAt", 2, r."userId",
           json_build_object('type', 'read', 'conversationId', r."conversationId", 'userId', r."userId",
                             'upToMessageId', r.id, 'occurredAt', r."createdAt")
    FROM reads r
    UNION ALL
    SELECT 'property:' || pc.id, 0, pc."createdAt", 0, '',
           json_build_object('type', 'conversation', 'id', 'property:' || pc.id, 'kind', 'direct',
                             'createdBy', pc."travelerId",
                             'attributes', json_strip_nulls(json_build_object(
                                 'propertyId', pc."propertyId"::text, 'offerId', pc."offerId"::text,
                                 'requestToBookId', pc."requestToBookId"::text, 'tripId', pc."tripId"::text,
                                 'plannedCheckIn', pc."plannedCheckIn"::text, 'plannedCheckOut', pc."plannedCheckOut"::text,
                                 'plannedNumGuests', pc."plannedNumGuests"::text)),
                             'startedAt', pc."createdAt")
    FROM "propertyConversations" pc
    UNION ALL
    SELECT 'property:' || pc.id, 1, pc."createdAt", 0, '',
           json_build_object('type', 'participant', 'conversationId', 'property:' || pc.id, 'userId', pc."travelerId",
                             'role', 'user', 'joinedAt', pc."createdAt")
    FROM "propertyConversations" pc
    UNION ALL
    SELECT 'property:' || h."conversationId", 1, h.joined, 0, h."authorId",
           json_build_object('type', 'participant', 'conversationId', 'property:' || h."conversationId",
                             'userId', h."authorId", 'role', 'agent', 'joinedAt', h.joined)
    FROM (SELECT pm."conversationId", pm."authorId", min(pm."createdAt") AS joined
          FROM "propertyMessages" pm JOIN "propertyConversations" pc ON pc.id = pm."conversationId"
          WHERE pm."authorId" <> pc."travelerId" GROUP BY pm."conversationId", pm."authorId") h
    UNION ALL
    SELECT 'property:' || pm."conversationId", 1, pm."createdAt", 1, pm.id,
           json_build_object('type', 'message', 'conversationId', 'property:' || pm."conversationId", 'id', pm.id,
                             'senderId', pm."authorId",
                             'senderRole', CASE WHEN pm."authorId" = pc."travelerId" THEN 'user' ELSE 'agent' END,
                             'content', pm.message, 'occurredAt', pm."createdAt")
    FROM "propertyMessages" pm JOIN "propertyConversations" pc ON pc.id = pm."conversationId"
    UNION ALL
    SELECT 'property:' || pm."conversationId", 1, pm."editedAt", 2, pm.id,
           json_build_object('type', 'edit', 'conversationId', 'property:' || pm."conversationId", 'messageId', pm.id,
                             'content', pm.message, 'occurredAt', pm."editedAt")
    FROM "propertyMessages" pm WHERE pm."editedAt" IS NOT NULL
    UNION ALL
    SELECT 'property:' || r."conversationId", 1, r."readAt", 3, r.reader,
           json_build_object('type', 'read', 'conversationId', 'property:' || r."conversationId", 'userId', r.reader,
                             'upToMessageId', r.id, 'occurredAt', r."readAt")
    FROM property_reads r
) records
ORDER BY conversation, phase, at, position, tiebreak
