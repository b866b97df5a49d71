-- stats-streams and the read model consume conversation-events independently, so the average sentiment of a
-- conversation can arrive before the event that creates its row. Such an average waits here until the row exists
-- (the sentiment feed applies and deletes it), instead of being dropped: a conversation that changes no more would
-- otherwise never get its average.
CREATE TABLE pending_sentiment (
    conversation_id  uuid        PRIMARY KEY,
    average          float8,
    received_at      timestamptz NOT NULL DEFAULT now()
);
