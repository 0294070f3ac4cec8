-- Schema 5: the language the customer used at the kiosk ('en', 'es', 'fr'; '' when not known), so the
-- messages they are sent and the receipts reprinted for them are in it.
ALTER TABLE cases ADD COLUMN customer_language TEXT NOT NULL DEFAULT '';
