-- The search indexer's insert: tsvector, heap, primary key and GIN index of message_search.
INSERT INTO message_search (conversation_id, message_id, content_tsv)
SELECT conversation_id, id, to_tsvector('english'::regconfig, content) FROM bench_messages WHERE batch = :b;
