-- Schema 25 on PostgreSQL: a part order can be cancelled, as on SQLite. The columns come with the
-- table's publication (part_orders is store-owned and published already). Upgrade headquarters
-- before the stores: it must hold the new columns and accept the new kind before a store's rows
-- with them arrive.
ALTER TABLE part_orders ADD COLUMN cancelled_at TEXT;
ALTER TABLE part_orders ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
DROP INDEX part_orders_waiting;
CREATE INDEX part_orders_waiting ON part_orders(part_id) WHERE arrived_at IS NULL AND cancelled_at IS NULL;

ALTER TABLE case_events DROP CONSTRAINT case_events_kind_check;
ALTER TABLE case_events ADD CONSTRAINT case_events_kind_check
  CHECK (kind IN ('opened', 'status', 'note', 'received', 'assigned', 'diagnosis', 'inspected', 'estimate',
                  'estimate_approved', 'estimate_declined', 'return_approved', 'return_rejected', 'replacement',
                  'part_used', 'part_put_back', 'part_ordered', 'part_arrived', 'reminder_sent',
                  'marked_abandoned', 'loaner_requested', 'loaner_lent', 'loaner_returned', 'loaner_waived',
                  'part_order_cancelled'));
