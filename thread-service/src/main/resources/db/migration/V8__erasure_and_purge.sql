-- Erasure and purge (docs/lifecycle.md).
--
-- An erased user, per tenant, by the SHA-256 of the user id (the table keeps no user id): whoever applies an event
-- later replaces that user's identity in it. Written by both projections, whichever applies the erasure first.
CREATE TABLE erased_users (
    tenant       text        NOT NULL,
    user_hash    bytea       NOT NULL,
    -- what stands where the user stood as a sender or creator: a pseudonym, or null
    replacement  text,
    redact       boolean     NOT NULL,
    erased_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant, user_hash)
);

-- Which projection (consumer group) has swept its tables for which erasure: the first copy of an erasure a projection
-- reads finds the user's rows, the later copies find nothing left, since every event applied after the first is
-- rewritten.
CREATE TABLE erasure_sweeps (
    consumer_group  text    NOT NULL,
    tenant          text    NOT NULL,
    user_hash       bytea   NOT NULL,
    redact          boolean NOT NULL,
    PRIMARY KEY (consumer_group, tenant, user_hash)
);

-- A purged conversation's id, so that its later events are ignored instead of bringing it back.
CREATE TABLE purged_conversations (
    conversation_id  uuid        PRIMARY KEY,
    purged_at        timestamptz NOT NULL
);

-- An erasure finds the user's messages and the conversations they created by these.
CREATE INDEX messages_by_sender ON messages (sender_id) WHERE sender_id IS NOT NULL;
CREATE INDEX conversations_by_creator ON conversations (tenant, created_by) WHERE created_by IS NOT NULL;

-- The search index knows whose words it holds, so that it can forget them on its own.
ALTER TABLE message_search ADD COLUMN tenant text NOT NULL DEFAULT '', ADD COLUMN sender_id text;
UPDATE message_search s SET tenant = c.tenant, sender_id = m.sender_id
FROM messages m JOIN conversations c ON c.id = m.conversation_id
WHERE m.id = s.message_id AND m.conversation_id = s.conversation_id;
CREATE INDEX message_search_by_sender ON message_search (tenant, sender_id) WHERE sender_id IS NOT NULL;
