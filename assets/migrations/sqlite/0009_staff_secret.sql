-- Schema 9 on SQLite: nothing to do. PostgreSQL's schema 9 adds a function for its database roles
-- (a sign-in reads one account's secret through it); a SQLite file has no roles, only file rights.
SELECT 1;
