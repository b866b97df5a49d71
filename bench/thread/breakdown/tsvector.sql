-- The search indexer's text analysis alone: the English tsvector of each message, computed and thrown away.
SELECT sum(length(to_tsvector('english'::regconfig, content))) FROM bench_messages WHERE batch = :b;
