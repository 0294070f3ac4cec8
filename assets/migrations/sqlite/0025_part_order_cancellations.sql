-- Schema 25: a part order can be cancelled (core/services/case_parts.cpp, cancel_part_order): the
-- supplier cannot deliver, or the repair goes another way. A cancelled order keeps its row (when,
-- why, by whom in its event) and no longer holds the repair or its promise: it is not waiting.
ALTER TABLE part_orders ADD COLUMN cancelled_at TEXT;
ALTER TABLE part_orders ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
DROP INDEX part_orders_waiting;
CREATE INDEX part_orders_waiting ON part_orders(part_id) WHERE arrived_at IS NULL AND cancelled_at IS NULL;

-- A new kind of case event, part_order_cancelled: SQLite changes a CHECK by rebuilding the table.
CREATE TABLE case_events_orders (
  id                INTEGER PRIMARY KEY,
  case_id           INTEGER NOT NULL REFERENCES cases(id),
  at                TEXT NOT NULL,
  actor             TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('opened', 'status', 'note', 'received', 'assigned', 'diagnosis',
                                                  'inspected', 'estimate', 'estimate_approved', 'estimate_declined',
                                                  'return_approved', 'return_rejected', 'replacement',
                                                  'part_used', 'part_put_back', 'part_ordered', 'part_arrived',
                                                  'reminder_sent', 'marked_abandoned', 'loaner_requested', 'loaner_lent', 'loaner_returned',
                                                  'loaner_waived', 'part_order_cancelled')),
  from_status       TEXT,
  to_status         TEXT,
  note              TEXT NOT NULL DEFAULT '',
  customer_visible  INTEGER NOT NULL DEFAULT 0,
  details           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  store_id          TEXT NOT NULL DEFAULT ''
);
INSERT INTO case_events_orders (id, case_id, at, actor, kind, from_status, to_status, note, customer_visible, details,
                                store_id)
  SELECT id, case_id, at, actor, kind, from_status, to_status, note, customer_visible, details, store_id
  FROM case_events;
DROP TABLE case_events;
ALTER TABLE case_events_orders RENAME TO case_events;
CREATE INDEX case_events_case ON case_events(case_id, id);
