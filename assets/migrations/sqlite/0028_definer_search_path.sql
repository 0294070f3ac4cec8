-- Schema 28: on PostgreSQL, its functions that run with their owner's rights search pg_temp last.
-- SQLite has no such functions; the number stays in step.
SELECT 1;
