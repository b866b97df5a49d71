-- Search leaves the projection's write path. Computing a message's tsvector and adding it to the
-- GIN index took two thirds of the time of inserting a message (BENCHMARKS.md, "Thread service"),
-- so the read model waited for search on every batch. Now a search indexer of its own (consumer
-- group <group id>-search) fills message_search from conversation-events, with its own stored
-- offsets, exactly once like the projection: a message becomes searchable as soon as the indexer
-- has read it, independently of (and usually within a second of) the read model.
CREATE TABLE message_search (
    conversation_id  uuid     NOT NULL,
    message_id       uuid     NOT NULL,
    content_tsv      tsvector NOT NULL,
    PRIMARY KEY (conversation_id, message_id)
);

-- What is searchable today stays searchable, and the indexer goes on from where the read model is.
INSERT INTO message_search (conversation_id, message_id, content_tsv)
SELECT conversation_id, id, content_tsv FROM messages WHERE deleted_at IS NULL;

INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
SELECT consumer_group || '-search', topic, partition, next_offset, now()
FROM consumer_offsets WHERE topic = 'conversation-events' AND consumer_group NOT LIKE '%-search';

DROP INDEX messages_content_search;
ALTER TABLE messages DROP COLUMN content_tsv;

-- GET /v1/search: the English configuration stems ("arrived" finds "arrive").
CREATE INDEX message_search_content ON message_search USING gin (content_tsv);
