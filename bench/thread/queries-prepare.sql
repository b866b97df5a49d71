-- bench/thread-queries.sh, step 1 of 3: on the thread service's own schema (Flyway ran it), set indexes aside and
-- write the conversations and participants. Then queries-messages.sql writes the messages (in parallel sessions)
-- and queries-finish.sql puts every index and constraint back exactly as it was and vacuums.
--
--   psql -v conversations=1000000 -v users=50000 -v agents=2000 -v assistants=100 -f queries-prepare.sql
--
-- The data set (all of it derived from the conversation number g by hashing, so every run builds the same rows):
--   * :conversations conversations started 25.92 s apart over 300 days (1M), ids UUIDv7 from the start time;
--     60 % support, 20 % direct, 20 % AI chat; 70 % resolved, 20 % open, 10 % pending; 0.2 % soft-deleted.
--   * messages: 10 % of the conversations are long (50-70 messages), the others have 1-8; about 10 per
--     conversation on average (10.05M for 1M). A message every 97 s of its conversation, odd seqs by the user, even
--     ones by the other side; content 15-34 English words from a pool of 10,000 texts. Written in time order, so one
--     conversation's messages lie on different heap pages, as when they arrive over time.
--   * participants, 2-3 per conversation: support = the user, one of :agents agents (a second agent in 20 %);
--     direct = 2 users (a third in 30 %); AI chat = the user and one of :assistants assistant personas. Users are
--     drawn from :users ids, so a user is in about 26 conversations; an agent is in about 360.
-- Counters, last_message_at, previews and participants' copies of last_message_at agree with the messages.
\set ON_ERROR_STOP on

DROP SCHEMA IF EXISTS bench_load CASCADE;
CREATE SCHEMA bench_load;

CREATE TABLE bench_load.settings AS
SELECT :conversations::int AS conversations, :users::int AS users, :agents::int AS agents, :assistants::int AS assistants;

-- The helpers are SQL functions the planner inlines (STABLE, like the text concatenations and timestamptz maths in
-- them; declared IMMUTABLE they would be called as functions instead, several times slower).

-- A non-negative 31-bit hash of a number.
CREATE FUNCTION bench_load.h(x bigint) RETURNS int LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT hashint8(x) & 2147483647 $$;

-- Times are epoch millis until they are stored.
CREATE FUNCTION bench_load.at(ms bigint) RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT to_timestamp(ms / 1000.0::float8) $$;

-- A UUIDv7: 48 bits of epoch millis, version 7, variant 10, the rest from the hash of salt.
CREATE FUNCTION bench_load.uuid7(ms bigint, salt bigint) RETURNS uuid LANGUAGE sql STABLE PARALLEL SAFE
AS $$ SELECT (lpad(to_hex(ms), 12, '0')
              || '7' || lpad(to_hex(bench_load.h(salt) & 4095), 3, '0')
              || to_hex(8 + (bench_load.h(salt + 1) & 3)) || lpad(to_hex(bench_load.h(salt + 2) & 4095), 3, '0')
              || lpad(to_hex(bench_load.h(salt + 3)), 8, '0') || lpad(to_hex(bench_load.h(salt + 4) & 65535), 4, '0'))::uuid $$;

-- One row per conversation g with everything the three tables derive from it, computed once.
CREATE UNLOGGED TABLE bench_load.conv AS
SELECT g, bench_load.uuid7(started_ms, -g::bigint) AS cid, started_ms, bench_load.at(started_ms) AS started, n,
       CASE WHEN g % 10 < 6 THEN 'support' WHEN g % 10 < 8 THEN 'direct' ELSE 'ai_chat' END AS kind,
       'user-' || (bench_load.h(g + 1000000000) % s.users)::text AS user1,
       -- the other side: an agent, a second user (never the first) or an assistant persona
       CASE WHEN g % 10 < 6 THEN 'agent-' || (bench_load.h(g + 2000000000) % s.agents)::text
            WHEN g % 10 < 8 THEN 'user-' || ((bench_load.h(g + 1000000000) % s.users + 1
                                               + bench_load.h(g + 3000000000) % (s.users / 2)) % s.users)::text
            ELSE 'assistant-' || (bench_load.h(g + 4000000000) % s.assistants)::text END AS responder,
       CASE WHEN g % 10 < 6 THEN 'agent' WHEN g % 10 < 8 THEN 'user' ELSE 'assistant' END AS responder_role,
       -- a third participant: a second agent in 20 % of support conversations, a third user in 30 % of direct ones
       CASE WHEN g % 10 < 6 AND bench_load.h(g + 13000000000) % 5 = 0
                THEN 'agent-' || ((bench_load.h(g + 2000000000) % s.agents + 1
                                   + bench_load.h(g + 14000000000) % (s.agents - 1)) % s.agents)::text
            WHEN g % 10 BETWEEN 6 AND 7 AND bench_load.h(g + 13000000000) % 10 < 3
                THEN 'user-' || ((bench_load.h(g + 1000000000) % s.users + s.users / 2 + 1
                                  + bench_load.h(g + 14000000000) % (s.users / 2 - 2)) % s.users)::text END AS third,
       CASE WHEN bench_load.h(g + 8000000000) % 10 < 7 THEN 'resolved'
            WHEN bench_load.h(g + 8000000000) % 10 < 9 THEN 'open' ELSE 'pending' END AS status,
       bench_load.h(g + 9000000000) % 500 = 0 AS deleted,
       CASE WHEN bench_load.h(g + 12000000000) % 4 = 0 THEN greatest(n - 1 - bench_load.h(g) % 3, 0) ELSE n END AS read_seq
FROM bench_load.settings s
CROSS JOIN LATERAL generate_series(1, s.conversations) AS g
CROSS JOIN LATERAL (SELECT 1767225600000 + g::bigint * 25920 AS started_ms, -- 2026-01-01 + g × 25.92 s
                           -- 10 % long conversations (50-70 messages), the rest 1-8
                           CASE WHEN bench_load.h(g) % 10 = 0 THEN 50 + bench_load.h(g + 7000000000) % 21
                                ELSE 1 + bench_load.h(g + 7000000000) % 8 END AS n) AS d;
ANALYZE bench_load.conv;

-- 10,000 message texts of 15-34 words.
CREATE TABLE bench_load.content (i int PRIMARY KEY, text text NOT NULL);
INSERT INTO bench_load.content
SELECT i, string_agg(w.words[1 + bench_load.h(i::bigint * 64 + j) % array_length(w.words, 1)], ' ' ORDER BY j)
FROM generate_series(0, 9999) AS i
CROSS JOIN LATERAL generate_series(1, 15 + bench_load.h(i) % 20) AS j
CROSS JOIN (SELECT string_to_array(
    'parcel delivery refund order tracking invoice account password reset payment card declined shipping address '
    || 'warehouse courier weekend tomorrow please thanks hello agent customer ticket update status pending resolved '
    || 'urgent billing subscription cancel renewal discount voucher checkout basket damaged missing return label '
    || 'printer booking apartment keys host guest model context summary scene character quest tavern dragon answer '
    || 'question again today arrived broken late wrong charged twice still waiting since monday friday morning '
    || 'evening could would should you me our your their when where why how what which the a an and or but not '
    || 'never always sometimes new old small large blue black white phone email chat call back later soon now help '
    || 'problem issue error login app website page screen button click open close settings profile photo upload '
    || 'download file document receipt price total amount euro dollar bank transfer number code confirmation '
    || 'reference week month year time minutes hours days item items box package sender receiver door neighbour '
    || 'building floor street city country travel flight hotel room night check out stay dates guests children pets '
    || 'kitchen wifi parking breakfast towels clean cleaning noise heating water shower light window', ' ') AS words) AS w
GROUP BY i;

-- Every index of the three tables except the one the foreign keys hang on (conversations_pkey) is dropped now and
-- created again by queries-finish.sql from these statements: building an index once is far cheaper than
-- maintaining it row by row.
CREATE TABLE bench_load.saved_ddl (ord serial PRIMARY KEY, stmt text NOT NULL);
INSERT INTO bench_load.saved_ddl (stmt)
SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid))
FROM pg_constraint c
WHERE c.conrelid IN ('conversations'::regclass, 'participants'::regclass, 'messages'::regclass)
  AND c.contype IN ('p', 'u')
  AND c.conindid NOT IN (SELECT f.conindid FROM pg_constraint f WHERE f.contype = 'f')
ORDER BY c.conrelid::regclass::text, c.conname;
INSERT INTO bench_load.saved_ddl (stmt)
SELECT pg_get_indexdef(i.indexrelid)
FROM pg_index i
WHERE i.indrelid IN ('conversations'::regclass, 'participants'::regclass, 'messages'::regclass)
  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)
ORDER BY i.indrelid::regclass::text, i.indexrelid::regclass::text;

DO $$
DECLARE
    r record;
BEGIN
    FOR r IN SELECT c.conrelid::regclass AS tbl, c.conname
             FROM pg_constraint c
             WHERE c.conrelid IN ('conversations'::regclass, 'participants'::regclass, 'messages'::regclass)
               AND c.contype IN ('p', 'u')
               AND c.conindid NOT IN (SELECT f.conindid FROM pg_constraint f WHERE f.contype = 'f') LOOP
        EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', r.tbl, r.conname);
    END LOOP;
    FOR r IN SELECT i.indexrelid::regclass AS idx
             FROM pg_index i
             WHERE i.indrelid IN ('conversations'::regclass, 'participants'::regclass, 'messages'::regclass)
               AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid) LOOP
        EXECUTE format('DROP INDEX %s', r.idx);
    END LOOP;
END $$;

-- Consistent by construction: skip the foreign-key triggers (superuser only).
SET session_replication_role = replica;
SET work_mem = '512MB';

INSERT INTO conversations (id, kind, title, status, priority, created_by, model, tags, last_seq, message_count,
                           user_message_count, responder_message_count, assistant_message_count, total_tokens,
                           last_message_at, last_message_preview, started_at, first_response_at, resolved_at,
                           created_at, updated_at, deleted_at)
SELECT x.cid, x.kind, 'Conversation ' || x.g::text, x.status,
       (ARRAY['low', 'medium', 'medium', 'high', 'urgent'])[1 + bench_load.h(x.g + 5000000000) % 5],
       x.user1,
       CASE WHEN x.kind = 'ai_chat' THEN 'gpt-4o-mini' END,
       ARRAY['tag-' || (bench_load.h(x.g + 6000000000) % 50)::text],
       x.n, x.n,
       CASE WHEN x.kind = 'direct' THEN x.n ELSE (x.n + 1) / 2 END,
       CASE WHEN x.kind = 'support' THEN x.n / 2 ELSE 0 END,
       CASE WHEN x.kind = 'ai_chat' THEN x.n / 2 ELSE 0 END,
       CASE WHEN x.kind = 'ai_chat' THEN 400 * (x.n / 2) ELSE 0 END,
       bench_load.at(x.started_ms + x.n * 97000),
       left((SELECT c.text FROM bench_load.content c WHERE c.i = bench_load.h(x.g::bigint * 100 + x.n) % 10000), 140),
       x.started,
       CASE WHEN x.kind = 'support' AND x.n >= 2 THEN bench_load.at(x.started_ms + 2 * 97000) END,
       CASE WHEN x.status = 'resolved' THEN bench_load.at(x.started_ms + (x.n + 1) * 97000) END,
       x.started, bench_load.at(x.started_ms + (x.n + 1) * 97000),
       CASE WHEN x.deleted THEN x.started + interval '30 days' END
FROM bench_load.conv x;

INSERT INTO participants (conversation_id, user_id, role, joined_at, archived, pinned, muted, last_read_seq, last_read_at,
                          last_message_at)
SELECT x.cid, p.user_id, p.role, x.started,
       p.role = 'user' AND bench_load.h(x.g + 11000000000) % 10 = 0,
       bench_load.h(x.g::bigint * 7 + p.k) % 100 = 0,
       false,
       x.read_seq, bench_load.at(x.started_ms + x.read_seq * 97000),
       bench_load.at(x.started_ms + x.n * 97000)
FROM bench_load.conv x
CROSS JOIN LATERAL (VALUES (1, x.user1, 'user'), (2, x.responder, x.responder_role),
                           (3, x.third, CASE WHEN x.kind = 'support' THEN 'agent' ELSE 'user' END)) AS p (k, user_id, role)
WHERE p.user_id IS NOT NULL;
