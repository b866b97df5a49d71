-- QueryPlansIT's data set, written straight into the tables: 100 000 conversations started five
-- minutes apart over a year, 200 000 participants (4 999 users with 20 conversations each and
-- 53 agents with about 1 900 each) and 1 000 000 messages, ten per conversation. Ids are time-ordered
-- like the UUIDv7 the ingest service assigns. 2 % of the conversations have no activity yet,
-- 0.5 % are deleted, 97 % are resolved (a desk's history); a message's last word is one of 4 999, so a search for it
-- is selective, the others are common. The conversations belong to four tenants in turn (the default one, '', and
-- tenant-1 to tenant-3); user and agent ids recur across tenants, as independent tenants' ids do.
-- The rows are consistent by construction, so the foreign key triggers are skipped (superuser
-- only, as the test PostgreSQL's user is): they would add a third to the load time.

SET session_replication_role = replica;

INSERT INTO conversations (id, tenant, kind, title, status, priority, created_by, tags, last_seq, message_count,
                           last_message_at, last_message_preview, started_at, resolved_at, created_at, updated_at,
                           deleted_at)
SELECT ('00000000-0000-7000-9000-' || lpad(to_hex(g), 12, '0'))::uuid,
       CASE WHEN g % 4 = 0 THEN '' ELSE 'tenant-' || g % 4 END,
       (ARRAY['support', 'direct', 'group', 'ai_chat', 'roleplay', 'custom'])[1 + g % 6],
       'conversation ' || g,
       CASE WHEN g % 100 < 97 THEN 'resolved' WHEN g % 100 < 99 THEN 'open' ELSE 'pending' END,
       (ARRAY['low', 'medium', 'high', 'urgent'])[1 + g % 4],
       'user-' || g % 4999,
       ARRAY['tag-' || g % 100],
       10, 10,
       CASE WHEN g % 50 <> 0 THEN timestamptz '2025-01-01' + g * interval '5 minutes' + interval '9 minutes' END,
       'preview ' || g,
       timestamptz '2025-01-01' + g * interval '5 minutes',
       CASE WHEN g % 100 < 97 THEN timestamptz '2025-01-01' + g * interval '5 minutes' + (g % 1000) * interval '1 minute' END,
       timestamptz '2025-01-01' + g * interval '5 minutes',
       timestamptz '2025-01-01' + g * interval '5 minutes',
       CASE WHEN g % 200 = 0 THEN timestamptz '2026-01-01' END
FROM generate_series(1, 100000) AS g;

INSERT INTO participants (conversation_id, tenant, user_id, role, joined_at, pinned, archived, last_read_seq,
                          last_message_at)
SELECT ('00000000-0000-7000-9000-' || lpad(to_hex(g), 12, '0'))::uuid,
       CASE WHEN g % 4 = 0 THEN '' ELSE 'tenant-' || g % 4 END, p.user_id, p.role,
       timestamptz '2025-01-01' + g * interval '5 minutes', p.pinned, g % 7 = 0, g % 11,
       CASE WHEN g % 50 <> 0 THEN timestamptz '2025-01-01' + g * interval '5 minutes' + interval '9 minutes' END
FROM generate_series(1, 100000) AS g
CROSS JOIN LATERAL (VALUES ('user-' || g % 4999, 'user', false),
                           ('agent-' || g % 53, 'agent', g % 97 = 0)) AS p (user_id, role, pinned);

INSERT INTO messages (id, conversation_id, seq, sender_id, sender_role, content, content_type, tokens_used,
                      created_at, ingested_at)
SELECT ('00000000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
       ('00000000-0000-7000-9000-' || lpad(to_hex(1 + (g - 1) / 10), 12, '0'))::uuid,
       1 + (g - 1) % 10,
       CASE WHEN (g - 1) % 10 = 0 THEN NULL ELSE 'user-' || g % 4999 END,
       CASE WHEN (g - 1) % 10 = 0 THEN 'system' WHEN g % 2 = 0 THEN 'user' ELSE 'agent' END,
       (ARRAY['parcel', 'refund', 'invoice', 'delivery', 'password', 'account', 'booking', 'payment', 'printer', 'network'])[1 + g % 10]
           || ' ' || (ARRAY['late', 'missing', 'broken', 'double', 'wrong', 'blocked', 'slow', 'lost', 'expired', 'urgent', 'cancelled', 'moved', 'new'])[1 + g % 13]
           || ' order w' || g % 4999,
       'text/plain',
       CASE WHEN g % 2 = 0 THEN 20 + g % 50 END,
       timestamptz '2025-01-01' + (1 + (g - 1) / 10) * interval '5 minutes' + ((g - 1) % 10) * interval '1 minute',
       timestamptz '2025-01-01' + (1 + (g - 1) / 10) * interval '5 minutes' + ((g - 1) % 10) * interval '1 minute'
FROM generate_series(1, 1000000) AS g;

INSERT INTO message_search (conversation_id, message_id, content_tsv)
SELECT conversation_id, id, to_tsvector('english'::regconfig, content) FROM messages;

SET session_replication_role = DEFAULT;

ANALYZE conversations;

ANALYZE participants;

ANALYZE messages;

ANALYZE message_search
