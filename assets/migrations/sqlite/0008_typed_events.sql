-- Schema 8: case events say what happened as a kind with typed details, never as an English
-- sentence read back: the words are rendered for each reader in their language. Rows written by
-- schema 7 and before carried the system's sentences in `note`; they are mapped here, keeping
-- only what a person wrote (a reason, inspection notes, a diagnosis) in `note`.
CREATE TABLE case_events_typed (
  id                INTEGER PRIMARY KEY,
  case_id           INTEGER NOT NULL REFERENCES cases(id),
  at                TEXT NOT NULL,
  actor             TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('opened', 'status', 'note', 'received', 'assigned', 'diagnosis',
                                                  'inspected', 'estimate', 'estimate_approved', 'estimate_declined',
                                                  'return_approved', 'return_rejected', 'replacement')),
  from_status       TEXT,
  to_status         TEXT,
  note              TEXT NOT NULL DEFAULT '',
  customer_visible  INTEGER NOT NULL DEFAULT 0,
  details           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);

-- The words after a decision's or an inspection's head: "Return rejected. <reason>".
CREATE TEMP VIEW old_events AS
SELECT e.*,
       CASE WHEN instr(e.note, '. ') > 0 THEN substr(e.note, instr(e.note, '. ') + 2) ELSE '' END AS tail,
       CASE WHEN instr(e.note, '. ') > 0 THEN substr(e.note, 1, instr(e.note, '. ') - 1) ELSE e.note END AS head
FROM case_events e;

INSERT INTO case_events_typed (id, case_id, at, actor, kind, from_status, to_status, note, customer_visible, details)
SELECT id, case_id, at, actor,
  CASE
    WHEN kind = 'status' AND note = 'Item received at the counter' THEN 'received'
    WHEN kind = 'decision' AND note = 'Estimate approved' THEN 'estimate_approved'
    WHEN kind = 'decision' AND note LIKE 'Estimate declined%' THEN 'estimate_declined'
    WHEN kind = 'decision' AND note LIKE 'Return approved: %' THEN 'return_approved'
    WHEN kind = 'decision' THEN 'return_rejected'
    WHEN kind = 'note' AND customer_visible = 0 AND (note LIKE 'Assigned to %' OR note = 'Unassigned') THEN 'assigned'
    WHEN kind = 'note' AND customer_visible = 0 AND note LIKE 'Diagnosis: %' THEN 'diagnosis'
    WHEN kind = 'note' AND customer_visible = 0 AND note LIKE 'Inspected: %' THEN 'inspected'
    ELSE kind
  END,
  from_status, to_status,
  CASE
    WHEN kind = 'status' AND note = 'Item received at the counter' THEN ''
    WHEN kind = 'decision' AND (note = 'Estimate approved' OR note LIKE 'Estimate declined%') THEN ''
    WHEN kind = 'decision' THEN tail
    WHEN kind = 'note' AND customer_visible = 0 AND (note LIKE 'Assigned to %' OR note = 'Unassigned') THEN ''
    WHEN kind = 'note' AND customer_visible = 0 AND note LIKE 'Diagnosis: %' THEN substr(note, 12)
    WHEN kind = 'note' AND customer_visible = 0 AND note LIKE 'Inspected: %' THEN tail
    WHEN kind IN ('estimate', 'replacement') THEN ''
    ELSE note
  END,
  customer_visible,
  CASE
    WHEN kind = 'decision' AND note LIKE 'Return approved: %' THEN json_object(
      'outcome', CASE WHEN head LIKE 'Return approved: store credit%' THEN 'store_credit'
                      WHEN head LIKE 'Return approved: exchange%' THEN 'exchange' ELSE 'refund' END,
      'goodwill', json(CASE WHEN head LIKE '% (goodwill)' THEN 'true' ELSE 'false' END))
    WHEN kind = 'note' AND customer_visible = 0 AND note LIKE 'Assigned to %' THEN json_object('who', substr(note, 13))
    WHEN kind = 'note' AND customer_visible = 0 AND note LIKE 'Inspected: %' THEN json_object(
      'condition', CASE WHEN head LIKE 'Inspected: sealed%' THEN 'sealed'
                        WHEN head LIKE 'Inspected: opened%' THEN 'opened' ELSE 'damaged' END,
      'claimed', CASE WHEN head LIKE '%(the customer said sealed)' THEN 'sealed'
                      WHEN head LIKE '%(the customer said opened)' THEN 'opened'
                      WHEN head LIKE '%(the customer said damaged)' THEN 'damaged' END)
    WHEN kind = 'estimate' THEN json_object('amount_cents',
      (SELECT coalesce(sum(l.quantity * l.unit_cents), 0) FROM estimate_lines l WHERE l.case_id = old_events.case_id))
    WHEN kind = 'replacement' AND note LIKE 'Replaced under warranty by a new unit, serial %' THEN
      json_object('serial', substr(note, 47))
    ELSE '{}'
  END
FROM old_events;

DROP VIEW old_events;
DROP TABLE case_events;
ALTER TABLE case_events_typed RENAME TO case_events;
CREATE INDEX case_events_case ON case_events(case_id, id);
