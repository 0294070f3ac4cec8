-- Schema 24: vendor and manufacturer claims (core/domain/vendor_claim.h, core/storage/claims_store.h).
-- Repairs done under the manufacturer's warranty are batched into a claim per vendor (the product's
-- brand); the claim is shipped under the vendor's RMA number and credited, perhaps in parts, which
-- add up in credit_cents. Dates are the store's days (YYYY-MM-DD). A case is claimed once
-- (claim_lines.case_id UNIQUE); the customer never sees claims.
CREATE TABLE vendor_claims (
  id            INTEGER PRIMARY KEY,
  vendor        TEXT NOT NULL,
  rma           TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  shipped_on    TEXT,
  credited_on   TEXT,
  credit_cents  INTEGER NOT NULL DEFAULT 0 CHECK (credit_cents >= 0),
  note          TEXT NOT NULL DEFAULT '',
  actor         TEXT NOT NULL,
  store_id      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX vendor_claims_vendor ON vendor_claims(vendor);

CREATE TABLE claim_lines (
  id             INTEGER PRIMARY KEY,
  claim_id       INTEGER NOT NULL REFERENCES vendor_claims(id),
  case_id        INTEGER NOT NULL UNIQUE REFERENCES cases(id),
  what           TEXT NOT NULL CHECK (what IN ('repaired', 'replaced')),
  old_serial     TEXT NOT NULL DEFAULT '',
  new_serial     TEXT NOT NULL DEFAULT '',
  claimed_cents  INTEGER NOT NULL CHECK (claimed_cents >= 0),
  store_id       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX claim_lines_claim ON claim_lines(claim_id);
