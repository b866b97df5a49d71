-- bench/thread-queries.sh, step 2 of 3: the messages of the conversations g with g % :parts = :part, in the order
-- they were written (by time), so that one conversation's messages spread over the heap as they do when they
-- arrive over weeks. Runs in :parts sessions at once. See queries-prepare.sql for the data set.
--
--   psql -v part=0 -v parts=2 -f queries-messages.sql
\set ON_ERROR_STOP on
SET session_replication_role = replica;
SET work_mem = '1GB';

INSERT INTO messages (id, conversation_id, seq, sender_id, sender_role, content, content_type, tokens_used, model,
                      created_at, ingested_at)
SELECT bench_load.uuid7(m.ms, m.g::bigint * 100 + m.k),
       m.cid,
       m.k,
       CASE WHEN m.k % 2 = 1 THEN m.user1 ELSE m.responder END,
       CASE WHEN m.k % 2 = 1 THEN 'user' ELSE m.responder_role END,
       (SELECT c.text FROM bench_load.content c WHERE c.i = bench_load.h(m.g::bigint * 100 + m.k) % 10000),
       'text/plain',
       CASE WHEN m.k % 2 = 0 AND m.kind = 'ai_chat' THEN 400 END,
       CASE WHEN m.k % 2 = 0 AND m.kind = 'ai_chat' THEN 'gpt-4o-mini' END,
       bench_load.at(m.ms),
       bench_load.at(m.ms + 40)
FROM (SELECT x.g, k, x.cid, x.kind, x.user1, x.responder, x.responder_role, x.started_ms + k * 97000 AS ms
      FROM bench_load.conv x
      CROSS JOIN LATERAL generate_series(1, x.n) AS k
      WHERE x.g % :parts = :part
      ORDER BY ms) AS m;
