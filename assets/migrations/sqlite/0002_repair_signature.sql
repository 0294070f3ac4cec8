-- Schema 2: the customer's signature from the kiosk's check-in, as drawn strokes.
-- Format: strokes separated by ';', points "x,y" separated by ' ', coordinates 0-1000 across the pad.
ALTER TABLE cases ADD COLUMN signature_strokes TEXT;
