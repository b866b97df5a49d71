-- Reading a batch of the data, the floor under every other step.
SELECT count(*) FROM bench_messages WHERE batch = :b;
