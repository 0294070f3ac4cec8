-- Schema 13 on SQLite: nothing to do (PostgreSQL's schema 13 changes a chain's guards; a SQLite
-- file is never in a chain).
SELECT 1;
