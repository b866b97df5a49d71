-- bench/thread-write-breakdown.sh: the data of the breakdown, in a database migrated by thread-service's Flyway
-- scripts. :conversations conversations, each started, with a user and an agent (and an assistant in every other one)
-- as participants; :messages messages to random ones of them (100-200 bytes of the words of ThreadBench's workload,
-- the three roles in turn), numbered per conversation, in batches of :batch.
CREATE TABLE bench_words AS SELECT w, row_number() OVER () AS i FROM unnest(string_to_array(:'words', ' ')) w;
INSERT INTO conversations (id, tenant, created_at, updated_at, started_at)
SELECT gen_random_uuid(), '', now(), now(), now() FROM generate_series(1, :conversations);
CREATE TABLE bench_conversations AS SELECT id, row_number() OVER (ORDER BY id) AS i FROM conversations;
INSERT INTO participants (conversation_id, user_id, role, joined_at, tenant)
SELECT c.id, r.role || '-' || (c.i % (CASE r.role WHEN 'agent' THEN 100 ELSE 5000 END)), r.role, now(), ''
FROM bench_conversations c CROSS JOIN (VALUES ('user'), ('agent')) r(role);
INSERT INTO participants (conversation_id, user_id, role, joined_at, tenant)
SELECT c.id, 'bot-1', 'assistant', now(), '' FROM bench_conversations c WHERE c.i % 2 = 0;
CREATE TABLE bench_messages AS
SELECT g AS n, (g - 1) / :batch AS batch, gen_random_uuid() AS id, c.id AS conversation_id,
       (ARRAY['user', 'agent', 'assistant'])[1 + g % 3] AS sender_role,
       (SELECT string_agg(w, ' ') FROM bench_words
        WHERE i BETWEEN 1 + (g * 7919) % 150 AND 1 + (g * 7919) % 150 + 18 + g % 12) AS content,
       clock_timestamp() AS created_at
FROM generate_series(1, :messages) g
JOIN bench_conversations c ON c.i = 1 + (hashint4(g) & 2147483647) % :conversations;
ALTER TABLE bench_messages ADD COLUMN seq bigint, ADD COLUMN sender_id text;
UPDATE bench_messages b SET seq = x.seq
FROM (SELECT n, row_number() OVER (PARTITION BY conversation_id ORDER BY n) AS seq FROM bench_messages) x WHERE x.n = b.n;
UPDATE bench_messages b SET sender_id = p.user_id
FROM participants p WHERE p.conversation_id = b.conversation_id AND p.role = b.sender_role;
CREATE INDEX ON bench_messages (batch);
ANALYZE;
