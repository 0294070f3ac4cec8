-- Schema 14 on SQLite: the columns and tables a chain's transfers between stores use (see the
-- PostgreSQL file of the same number), so the same SQL reads both. A SQLite file is never in a
-- chain: the tables stay empty and no case is ever transferred.
ALTER TABLE cases ADD COLUMN transferred_to TEXT;
ALTER TABLE cases ADD COLUMN transferred_from TEXT;
CREATE TABLE case_transfers (
  case_id         INTEGER PRIMARY KEY,
  store_id        TEXT NOT NULL DEFAULT '',
  to_store        TEXT NOT NULL,
  transferred_at  TEXT NOT NULL,
  snapshot        TEXT NOT NULL
);
CREATE TABLE chain_transfers (
  case_id         INTEGER PRIMARY KEY,
  from_store      TEXT NOT NULL,
  to_store        TEXT NOT NULL,
  transferred_at  TEXT NOT NULL,
  snapshot        TEXT NOT NULL
);
CREATE TABLE transfers_applied (
  transfer_id  INTEGER PRIMARY KEY,
  store_id     TEXT NOT NULL DEFAULT '',
  case_id      INTEGER,
  applied_at   TEXT NOT NULL,
  outcome      TEXT NOT NULL
);
-- The chain's stores, as a store of a chain receives them from headquarters (always empty here).
CREATE TABLE chain_stores (
  store_id  TEXT PRIMARY KEY,
  number    INTEGER NOT NULL UNIQUE,
  added_at  TEXT NOT NULL
);
