-- Schema 21: money at the counter (core/domain/payment.h, core/storage/payments_store.h). A deposit
-- at check-in or at approval, payments towards what a repair charges (its diagnostic fee and its
-- approved estimate), refunds with their reason; integer cents in the store's currency, each with
-- how it was paid. Rows are never changed: a refund is a row of its own.
CREATE TABLE payments (
  id            INTEGER PRIMARY KEY,
  case_id       INTEGER NOT NULL REFERENCES cases(id),
  kind          TEXT NOT NULL CHECK (kind IN ('deposit', 'payment', 'refund')),
  method        TEXT NOT NULL CHECK (method IN ('cash', 'card', 'transfer', 'other')),
  amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  note          TEXT NOT NULL DEFAULT '',
  store_id      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX payments_case ON payments(case_id);
