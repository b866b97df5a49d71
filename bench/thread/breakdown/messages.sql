-- The message rows alone, numbered, into messages (its primary key and (conversation_id, seq) index).
INSERT INTO messages (id, conversation_id, seq, sender_id, sender_role, content, content_type, created_at, ingested_at)
SELECT id, conversation_id, seq, sender_id, sender_role, content, 'text/plain', created_at, created_at
FROM bench_messages WHERE batch = :b;
