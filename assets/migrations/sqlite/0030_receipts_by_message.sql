-- Schema 30: a receipt sent instead of printed (the shopper chose "no paper" at the kiosk) carries
-- the receipt as the printer would have drawn it: a PNG attached to the e-mail.
ALTER TABLE outbox ADD COLUMN attachment_name TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN attachment BLOB;
