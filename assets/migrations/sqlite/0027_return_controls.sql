-- Return controls (core/domain/return_controls.h, core/storage/return_controls_store.h).
-- The store's blocklist: a phone (its digits) or an e-mail (trimmed, lower case) whose returns go
-- to a manager, with why, who added it and until when (NULL: until removed). An entry removed is
-- kept with who removed it and when: the list's history stays.
CREATE TABLE return_blocklist (
  id          INTEGER PRIMARY KEY,
  phone       TEXT NOT NULL DEFAULT '',
  email       TEXT NOT NULL DEFAULT '',
  reason      TEXT NOT NULL,
  added_by    TEXT NOT NULL,
  added_at    TEXT NOT NULL,
  expires_at  TEXT,
  removed_by  TEXT,
  removed_at  TEXT,
  store_id    TEXT NOT NULL DEFAULT '',
  CHECK (phone <> '' OR email <> '')
);
CREATE INDEX return_blocklist_phone ON return_blocklist(phone) WHERE phone <> '';
CREATE INDEX return_blocklist_email ON return_blocklist(email) WHERE email <> '';

-- Why a return waits for a manager: the serial brought back is not the one sold (what was typed),
-- the customer is past the store's limit of returns (how many in the period), or the contact is on
-- the blocklist. Written with the case; a manager's approval of such a return records who and why
-- as the case's events.
CREATE TABLE return_holds (
  id        INTEGER PRIMARY KEY,
  case_id   INTEGER NOT NULL REFERENCES cases(id),
  kind      TEXT NOT NULL CHECK (kind IN ('serial_mismatch', 'over_limit', 'blocklisted')),
  detail    TEXT NOT NULL DEFAULT '',
  at        TEXT NOT NULL,
  store_id  TEXT NOT NULL DEFAULT '',
  UNIQUE (case_id, kind)
);
