-- Schema 22: reminders and clocks per status (core/domain/status_clock.h, core/services/reminders.h).
-- A case past its status's limit gets one reminder event per stay in that status (the customer's
-- message, when they agreed to messages, goes through the outbox in the same transaction), and a
-- repair ready for pickup too long one event marking it for the store's abandoned-goods process.
-- The limits are the config's ([reminders], [pickup]); the clock is read from the events. Two new
-- kinds of case event; SQLite changes a CHECK only by building the table again, as 0020 did.
CREATE TABLE case_events_reminders (
  id                INTEGER PRIMARY KEY,
  case_id           INTEGER NOT NULL REFERENCES cases(id),
  at                TEXT NOT NULL,
  actor             TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('opened', 'status', 'note', 'received', 'assigned', 'diagnosis',
                                                  'inspected', 'estimate', 'estimate_approved', 'estimate_declined',
                                                  'return_approved', 'return_rejected', 'replacement',
                                                  'part_used', 'part_put_back', 'part_ordered', 'part_arrived',
                                                  'reminder_sent', 'marked_abandoned')),
  from_status       TEXT,
  to_status         TEXT,
  note              TEXT NOT NULL DEFAULT '',
  customer_visible  INTEGER NOT NULL DEFAULT 0,
  details           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  store_id          TEXT NOT NULL DEFAULT ''
);
INSERT INTO case_events_reminders (id, case_id, at, actor, kind, from_status, to_status, note, customer_visible,
                                   details, store_id)
  SELECT id, case_id, at, actor, kind, from_status, to_status, note, customer_visible, details, store_id
  FROM case_events;
DROP TABLE case_events;
ALTER TABLE case_events_reminders RENAME TO case_events;
CREATE INDEX case_events_case ON case_events(case_id, id);
