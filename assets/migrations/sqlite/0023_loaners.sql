-- Loaners (core/domain/loaner.h, core/storage/loaners_store.h): the store's devices lent to
-- customers while their repair is on the bench, and each loan. A loan is open until the loaner is
-- back (returned_at); a manager may record why it is not (waived_by, waived_reason), which lets the
-- repair be picked up but keeps the loaner out until it comes back. At most one open loan per
-- loaner and per case: the partial unique indexes hold it whatever the code does.
CREATE TABLE loaners (
  id           INTEGER PRIMARY KEY,
  tag          TEXT NOT NULL,                 -- the asset number on the sticker: L-07
  description  TEXT NOT NULL,
  serial       TEXT NOT NULL DEFAULT '',
  condition    TEXT NOT NULL DEFAULT '',      -- as it was last seen
  retired      INTEGER NOT NULL DEFAULT 0 CHECK (retired IN (0, 1)),  -- no longer lent (lost, broken, sold)
  store_id     TEXT NOT NULL DEFAULT '',
  UNIQUE (tag, store_id)
);

CREATE TABLE loans (
  id                INTEGER PRIMARY KEY,
  loaner_id         INTEGER NOT NULL REFERENCES loaners(id),
  case_id           INTEGER NOT NULL REFERENCES cases(id),
  lent_at           TEXT NOT NULL,
  lent_by           TEXT NOT NULL,
  returned_at       TEXT,                     -- NULL: still out
  returned_by       TEXT,
  return_condition  TEXT NOT NULL DEFAULT '',
  waived_by         TEXT,                     -- the manager who let the repair go without it
  waived_reason     TEXT NOT NULL DEFAULT '',
  store_id          TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX loans_open_loaner ON loans(loaner_id) WHERE returned_at IS NULL;
CREATE UNIQUE INDEX loans_open_case ON loans(case_id) WHERE returned_at IS NULL;
CREATE INDEX loans_case ON loans(case_id);

-- Four new kinds of case event: a loaner asked for at the kiosk, lent, back, waived. SQLite changes
-- a CHECK only by building the table again.
CREATE TABLE case_events_loaners (
  id                INTEGER PRIMARY KEY,
  case_id           INTEGER NOT NULL REFERENCES cases(id),
  at                TEXT NOT NULL,
  actor             TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('opened', 'status', 'note', 'received', 'assigned', 'diagnosis',
                                                  'inspected', 'estimate', 'estimate_approved', 'estimate_declined',
                                                  'return_approved', 'return_rejected', 'replacement',
                                                  'part_used', 'part_put_back', 'part_ordered', 'part_arrived',
                                                  'reminder_sent', 'marked_abandoned', 'loaner_requested', 'loaner_lent', 'loaner_returned',
                                                  'loaner_waived')),
  from_status       TEXT,
  to_status         TEXT,
  note              TEXT NOT NULL DEFAULT '',
  customer_visible  INTEGER NOT NULL DEFAULT 0,
  details           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  store_id          TEXT NOT NULL DEFAULT ''
);
INSERT INTO case_events_loaners (id, case_id, at, actor, kind, from_status, to_status, note, customer_visible, details,
                                 store_id)
  SELECT id, case_id, at, actor, kind, from_status, to_status, note, customer_visible, details, store_id
  FROM case_events;
DROP TABLE case_events;
ALTER TABLE case_events_loaners RENAME TO case_events;
CREATE INDEX case_events_case ON case_events(case_id, id);
