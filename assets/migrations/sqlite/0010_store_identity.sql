-- Schema 10 on SQLite: the store that owns each row, as on PostgreSQL, so that the same SQL reads
-- both. A SQLite file is one store on one machine and never in a chain: store_id stays ''.
ALTER TABLE cases ADD COLUMN store_id TEXT NOT NULL DEFAULT '';
ALTER TABLE case_events ADD COLUMN store_id TEXT NOT NULL DEFAULT '';
ALTER TABLE estimate_lines ADD COLUMN store_id TEXT NOT NULL DEFAULT '';
ALTER TABLE serial_replacements ADD COLUMN store_id TEXT NOT NULL DEFAULT '';
ALTER TABLE feedback ADD COLUMN store_id TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN store_id TEXT NOT NULL DEFAULT '';
