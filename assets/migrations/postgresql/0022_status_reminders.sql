-- Schema 22 on PostgreSQL: reminders and clocks per status, as on SQLite (core/services/reminders.h).
-- Two new kinds of case event: a reminder past a status's limit, a repair marked abandoned. They
-- are a store's events like the others (case_events is store-owned and published already).
-- Upgrade headquarters before the stores: it must accept the new kinds before a store's rows with
-- them arrive.
ALTER TABLE case_events DROP CONSTRAINT case_events_kind_check;
ALTER TABLE case_events ADD CONSTRAINT case_events_kind_check
  CHECK (kind IN ('opened', 'status', 'note', 'received', 'assigned', 'diagnosis', 'inspected', 'estimate',
                  'estimate_approved', 'estimate_declined', 'return_approved', 'return_rejected', 'replacement',
                  'part_used', 'part_put_back', 'part_ordered', 'part_arrived', 'reminder_sent',
                  'marked_abandoned'));
