-- Schema 4: the back office's casework: the technician's diagnosis, and a return's inspection and
-- the store's decision on it.
ALTER TABLE cases ADD COLUMN diagnosis TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN inspected_condition TEXT CHECK (inspected_condition IN ('sealed', 'opened', 'damaged'));
ALTER TABLE cases ADD COLUMN inspection_notes TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN return_decision TEXT CHECK (return_decision IN ('refund', 'exchange', 'store_credit'));
