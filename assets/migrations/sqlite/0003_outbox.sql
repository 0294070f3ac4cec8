-- Schema 3: the customer notification outbox. A message is written in the same transaction as the
-- status change it announces, so none is lost; a sender delivers it later and retries failures.
CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY,
  case_id          INTEGER NOT NULL REFERENCES cases(id),
  channel          TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
  recipient        TEXT NOT NULL,
  subject          TEXT NOT NULL,
  body             TEXT NOT NULL,
  created_at       TEXT NOT NULL,
  attempts         INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  TEXT NOT NULL,
  sent_at          TEXT,
  last_error       TEXT
);
CREATE INDEX outbox_due ON outbox(next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX outbox_case ON outbox(case_id);
