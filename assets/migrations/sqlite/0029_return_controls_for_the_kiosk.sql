-- Schema 29: on PostgreSQL, functions that tell the kiosk whether the returns blocklist has an entry
-- in force and what to tell the shopper of a held return (its role may read neither table). SQLite
-- has no roles; the number stays in step.
SELECT 1;
