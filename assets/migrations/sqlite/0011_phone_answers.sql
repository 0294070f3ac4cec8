-- Schema 11 on SQLite: the tables a chain's phone answers travel through (see the PostgreSQL file
-- of the same number), so the same SQL reads both. A SQLite store is never in a chain: they stay empty.
CREATE TABLE phone_answers (
  id           INTEGER PRIMARY KEY,
  store_id     TEXT NOT NULL,
  case_id      INTEGER NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('estimate', 'feedback')),
  approved     INTEGER CHECK (approved IN (0, 1)),
  rating       INTEGER CHECK (rating BETWEEN 1 AND 5),
  comment      TEXT NOT NULL DEFAULT '',
  received_at  TEXT NOT NULL,
  UNIQUE (case_id, kind)
);
CREATE TABLE phone_answers_applied (
  answer_id   INTEGER PRIMARY KEY,
  store_id    TEXT NOT NULL DEFAULT '',
  applied_at  TEXT NOT NULL,
  outcome     TEXT NOT NULL
);
