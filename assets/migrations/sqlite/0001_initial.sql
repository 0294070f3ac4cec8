-- Schema 1: catalog, sales, cases and their events, staff, feedback, settings.
-- Times are UTC text 'YYYY-MM-DDTHH:MM:SSZ'; money is integer cents.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE products (
  id                 INTEGER PRIMARY KEY,
  sku                TEXT NOT NULL UNIQUE,
  name               TEXT NOT NULL,
  brand              TEXT NOT NULL DEFAULT '',
  category           TEXT NOT NULL DEFAULT '',
  warranty_months    INTEGER NOT NULL DEFAULT 0 CHECK (warranty_months >= 0),
  warranty_lifetime  INTEGER NOT NULL DEFAULT 0 CHECK (warranty_lifetime IN (0, 1)),
  return_days        INTEGER CHECK (return_days IS NULL OR return_days >= 0), -- NULL: the category's window
  returnable         INTEGER NOT NULL DEFAULT 1 CHECK (returnable IN (0, 1))
);

CREATE TABLE protection_plans (
  id          INTEGER PRIMARY KEY,
  sku         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  months      INTEGER NOT NULL DEFAULT 0 CHECK (months >= 0),
  lifetime    INTEGER NOT NULL DEFAULT 0 CHECK (lifetime IN (0, 1)),
  covers      TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sales (
  id              INTEGER PRIMARY KEY,
  receipt_number  TEXT NOT NULL UNIQUE,
  store           TEXT NOT NULL DEFAULT '',
  sold_at         TEXT NOT NULL
);

CREATE TABLE sale_lines (
  id           INTEGER PRIMARY KEY,
  sale_id      INTEGER NOT NULL REFERENCES sales(id),
  line_no      INTEGER NOT NULL,
  product_id   INTEGER NOT NULL REFERENCES products(id),
  serial       TEXT,
  quantity     INTEGER NOT NULL CHECK (quantity > 0),
  price_cents  INTEGER NOT NULL,
  plan_id      INTEGER REFERENCES protection_plans(id),
  UNIQUE (sale_id, line_no)
);
CREATE INDEX sale_lines_serial ON sale_lines(serial) WHERE serial IS NOT NULL;

CREATE TABLE staff (
  id             INTEGER PRIMARY KEY,
  username       TEXT NOT NULL UNIQUE,
  display_name   TEXT NOT NULL DEFAULT '',
  role           TEXT NOT NULL CHECK (role IN ('clerk', 'technician', 'manager')),
  password_hash  TEXT,
  active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  created_at     TEXT NOT NULL
);

CREATE TABLE cases (
  id                 INTEGER PRIMARY KEY,
  code               TEXT NOT NULL UNIQUE,
  token              TEXT NOT NULL UNIQUE,
  kind               TEXT NOT NULL CHECK (kind IN ('repair', 'return')),
  status             TEXT NOT NULL,
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL,
  product_id         INTEGER REFERENCES products(id),
  product_name       TEXT NOT NULL DEFAULT '',   -- as shown to people, kept even if the catalog changes
  serial             TEXT,
  sale_line_id       INTEGER REFERENCES sale_lines(id),
  warranty_status    TEXT NOT NULL DEFAULT 'unknown_serial',
  customer_name      TEXT NOT NULL DEFAULT '',
  customer_phone     TEXT NOT NULL DEFAULT '',
  customer_email     TEXT NOT NULL DEFAULT '',
  notify_consent     INTEGER NOT NULL DEFAULT 0,
  problem            TEXT NOT NULL DEFAULT '',   -- repair: the fault; return: the reason in words
  problem_category   TEXT NOT NULL DEFAULT '',
  accessories        TEXT NOT NULL DEFAULT '',
  condition_notes    TEXT NOT NULL DEFAULT '',
  return_quantity    INTEGER,
  return_reason      TEXT,
  return_condition   TEXT,
  return_outcomes    TEXT,                       -- what the policy allowed, e.g. 'refund,exchange'
  restocking_fee_cents INTEGER NOT NULL DEFAULT 0,
  diagnostic_fee_cents INTEGER NOT NULL DEFAULT 0,  -- accepted at check-in when out of warranty
  resolution         TEXT NOT NULL DEFAULT '',
  assigned_to        TEXT,
  due_at             TEXT NOT NULL,              -- the promised date, moved on by paused time
  paused_since       TEXT,                       -- set while waiting for parts or the customer
  was_repaired       INTEGER NOT NULL DEFAULT 0,
  workmanship_until  TEXT,                       -- local date, set when a repaired case completes
  closed_at          TEXT,
  estimate_state     TEXT NOT NULL DEFAULT 'none' CHECK (estimate_state IN ('none', 'pending', 'approved', 'declined'))
);
CREATE INDEX cases_status ON cases(status);
CREATE INDEX cases_serial ON cases(serial) WHERE serial IS NOT NULL;
CREATE INDEX cases_sale_line ON cases(sale_line_id) WHERE sale_line_id IS NOT NULL;
CREATE INDEX cases_created ON cases(created_at);

CREATE TABLE case_events (
  id                INTEGER PRIMARY KEY,
  case_id           INTEGER NOT NULL REFERENCES cases(id),
  at                TEXT NOT NULL,
  actor             TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('opened', 'status', 'note', 'estimate', 'decision', 'replacement')),
  from_status       TEXT,
  to_status         TEXT,
  note              TEXT NOT NULL DEFAULT '',
  customer_visible  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX case_events_case ON case_events(case_id, id);

CREATE TABLE estimate_lines (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  kind         TEXT NOT NULL CHECK (kind IN ('part', 'labour')),
  description  TEXT NOT NULL,
  quantity     INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0),
  unit_cents   INTEGER NOT NULL CHECK (unit_cents >= 0)
);
CREATE INDEX estimate_lines_case ON estimate_lines(case_id);

-- An item replaced under warranty: the new serial carries the old one's coverage.
CREATE TABLE serial_replacements (
  id           INTEGER PRIMARY KEY,
  old_serial   TEXT NOT NULL,
  new_serial   TEXT NOT NULL UNIQUE,
  case_id      INTEGER REFERENCES cases(id),
  replaced_at  TEXT NOT NULL
);

CREATE TABLE feedback (
  id          INTEGER PRIMARY KEY,
  case_id     INTEGER NOT NULL UNIQUE REFERENCES cases(id),
  rating      INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment     TEXT NOT NULL DEFAULT '',
  created_at  TEXT NOT NULL
);

-- Full-text search over what the counter types to find a case; rowid = cases.id, kept in step by
-- the case store (phone numbers are indexed with their local-number suffixes).
CREATE VIRTUAL TABLE case_search USING fts5(
  code, code_compact, customer_name, phone_digits, customer_email, serial, product,
  tokenize = 'unicode61 remove_diacritics 2'
);
