-- The read model's writes made cheaper for PostgreSQL (issue 11; BENCHMARKS.md, "Where PostgreSQL's time goes per
-- message").
--
-- A message's foreign key to its conversation was checked by a query of its own for every message row (SELECT 1 FROM
-- conversations ... FOR KEY SHARE, about 6 µs of PostgreSQL's CPU a message), though the run statement only ever
-- inserts messages it has numbered by joining their conversation's row, in the same statement, after making sure
-- that row exists; a purge deletes a conversation's messages before the conversation. The key adds no safety there.
ALTER TABLE messages DROP CONSTRAINT messages_conversation_id_fkey;

-- Every message updates its conversation's row and its participants' rows (counters, last_message_at, read
-- horizons). Room on each page keeps the new row version on the same page instead of a page elsewhere. This applies
-- to pages written from now on; a VACUUM FULL in a quiet hour applies it to the rows there are.
ALTER TABLE conversations SET (fillfactor = 70);
ALTER TABLE participants SET (fillfactor = 70);
