-- The average sentiment stats-streams publishes leaves the conversations table for a narrow table of its own. The
-- projection holds conversation rows for whole batches and stats-streams publishes right after their changes, so the
-- feed kept meeting busy rows: it set them aside (pending_sentiment, V5) and came back, a churn of row versions and
-- commits in the one table every writer shares. Here the feed writes only its own rows, never waits for the
-- projection, and a conversation not materialised yet simply gets its row first; a read joins it by primary key.
CREATE TABLE conversation_sentiment (
    conversation_id  uuid PRIMARY KEY,
    average          double precision
);

INSERT INTO conversation_sentiment (conversation_id, average)
SELECT id, average_sentiment FROM conversations WHERE average_sentiment IS NOT NULL;

INSERT INTO conversation_sentiment (conversation_id, average)
SELECT conversation_id, average FROM pending_sentiment
ON CONFLICT (conversation_id) DO UPDATE SET average = EXCLUDED.average;

DROP TABLE pending_sentiment;
ALTER TABLE conversations DROP COLUMN average_sentiment;
