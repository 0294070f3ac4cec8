-- Schema 30 on PostgreSQL, as on SQLite: a receipt sent instead of printed carries the receipt as
-- the printer would have drawn it, a PNG attached to the e-mail. The kiosk's INSERT on outbox and
-- the notifier's SELECT are granted on the whole table (roles.sql), so they cover the new columns.
ALTER TABLE outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment BYTEA;
