-- bench/thread-queries.sh, step 3 of 3: every constraint and index queries-prepare.sql set aside, created again from
-- its own definition (pg_get_constraintdef / pg_get_indexdef), so the schema is exactly the service's; then the
-- helpers go, and VACUUM (ANALYZE) sets the visibility map and statistics as a long-running database has them.
\set ON_ERROR_STOP on
SET maintenance_work_mem = '2GB';
SET max_parallel_maintenance_workers = 2;
SELECT stmt FROM bench_load.saved_ddl ORDER BY ord \gexec
DROP SCHEMA bench_load CASCADE;
VACUUM (ANALYZE) conversations;
VACUUM (ANALYZE) participants;
VACUUM (ANALYZE) messages;
CHECKPOINT;
