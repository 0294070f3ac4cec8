-- Schema 12 on SQLite: the table through which a chain's stores learn of each other's returns (see
-- the PostgreSQL file of the same number), so the same SQL reads both. A SQLite file is never in a
-- chain: it stays empty.
CREATE TABLE chain_returns (
  case_id       INTEGER PRIMARY KEY,
  store_id      TEXT NOT NULL,
  sale_line_id  INTEGER NOT NULL,
  quantity      INTEGER NOT NULL
);
CREATE INDEX chain_returns_line ON chain_returns(sale_line_id);
