-- Schema 12 on SQLite: nothing to do (PostgreSQL's schema 12 guards a chain's tables against
-- TRUNCATE; a SQLite file is never in a chain).
SELECT 1;
