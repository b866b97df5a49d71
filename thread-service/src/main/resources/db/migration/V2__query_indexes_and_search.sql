-- Indexes for the query API, and full-text search over message content. Each index names the
-- query it serves; QueryPlansIT checks with EXPLAIN on a million messages that the query uses it.
-- A participant's conversations by activity use participants_by_user_activity (V1); a
-- conversation's messages, its context window and its paging use UNIQUE (conversation_id, seq).

-- GET /v1/conversations without participant: every conversation by activity. Soft-deleted
-- conversations are never listed, so they are left out of the index.
CREATE INDEX conversations_by_activity
    ON conversations (last_message_at DESC NULLS LAST, id) WHERE deleted_at IS NULL;

-- The same with ?status= (a support desk's open conversations by latest activity): resolved
-- conversations pile up over the years, and the open ones must not be found by walking past them.
CREATE INDEX conversations_by_status_activity
    ON conversations (status, last_message_at DESC NULLS LAST, id) WHERE deleted_at IS NULL;

-- A participant's pinned conversations (?pinned=true, and the first part of ?pinnedFirst=true):
-- a user pins a handful, so this partial index is small and finds them without a walk.
CREATE INDEX participants_pinned_by_user_activity
    ON participants (user_id, last_message_at DESC NULLS LAST, conversation_id) WHERE pinned;

-- GET /v1/reports/summary: conversations started in [from, to).
CREATE INDEX conversations_by_started_at
    ON conversations (started_at) WHERE deleted_at IS NULL;

-- GET /v1/search: the English configuration stems ("arrived" finds "arrive") and drops English
-- stop words; other languages are still matched word for word. An explicit regconfig makes the
-- expression immutable, as a generated column requires. Adding a stored column rewrites the
-- table once.
ALTER TABLE messages
    ADD COLUMN content_tsv tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, content)) STORED;

CREATE INDEX messages_content_search ON messages USING gin (content_tsv);
