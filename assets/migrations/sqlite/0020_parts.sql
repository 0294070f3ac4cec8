-- Schema 20: parts for repairs (shared/core/storage/parts_store.h, shared/core/services/parts_service.h).
-- The store's parts list with its stock (imported by CSV, like products), what each repair took
-- from it (part_uses: taken from stock in the same transaction, at the cost and price of that day),
-- the special orders of parts not in stock (part_orders: supplier, order reference, the day the
-- supplier promised), and an estimate line that names a part from the list. Stock never goes
-- below zero: the CHECK holds it whatever the code does. Numbered 20: 19 is kept for other work.
CREATE TABLE parts (
  id           INTEGER PRIMARY KEY,
  sku          TEXT NOT NULL,
  name         TEXT NOT NULL,
  cost_cents   INTEGER NOT NULL CHECK (cost_cents >= 0),   -- what the store pays the supplier
  price_cents  INTEGER NOT NULL CHECK (price_cents >= 0),  -- what the customer pays
  stock        INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  low_at       INTEGER NOT NULL DEFAULT 1 CHECK (low_at >= 0),    -- stock at or below this is low
  supplier     TEXT NOT NULL DEFAULT '',
  store_id     TEXT NOT NULL DEFAULT '',
  UNIQUE (sku, store_id)  -- as on PostgreSQL, so that one upsert serves both
);

CREATE TABLE part_uses (
  id                INTEGER PRIMARY KEY,
  case_id           INTEGER NOT NULL REFERENCES cases(id),
  part_id           INTEGER NOT NULL REFERENCES parts(id),
  quantity          INTEGER NOT NULL CHECK (quantity <> 0),  -- negative: put back on the shelf
  unit_cost_cents   INTEGER NOT NULL CHECK (unit_cost_cents >= 0),
  unit_price_cents  INTEGER NOT NULL CHECK (unit_price_cents >= 0),
  used_at           TEXT NOT NULL,
  actor             TEXT NOT NULL,
  store_id          TEXT NOT NULL DEFAULT ''
);
CREATE INDEX part_uses_case ON part_uses(case_id);

CREATE TABLE part_orders (
  id           INTEGER PRIMARY KEY,
  case_id      INTEGER NOT NULL REFERENCES cases(id),
  part_id      INTEGER NOT NULL REFERENCES parts(id),
  quantity     INTEGER NOT NULL CHECK (quantity > 0),
  supplier     TEXT NOT NULL,
  reference    TEXT NOT NULL,         -- the supplier's order reference
  expected_on  TEXT NOT NULL,         -- the store's day the supplier promised: 2026-03-12
  ordered_at   TEXT NOT NULL,
  arrived_at   TEXT,                  -- NULL: still on its way
  actor        TEXT NOT NULL,
  store_id     TEXT NOT NULL DEFAULT '',
  UNIQUE (reference, store_id)
);
CREATE INDEX part_orders_case ON part_orders(case_id);
CREATE INDEX part_orders_waiting ON part_orders(part_id) WHERE arrived_at IS NULL;  -- a delivery by SKU

-- An estimate line picked from the parts list (NULL: a free line, as before).
ALTER TABLE estimate_lines ADD COLUMN part_id INTEGER REFERENCES parts(id);

-- Four new kinds of case event: a part used, put back, ordered, arrived. SQLite changes a CHECK only by
-- building the table again.
CREATE TABLE case_events_parts (
  id                INTEGER PRIMARY KEY,
  case_id           INTEGER NOT NULL REFERENCES cases(id),
  at                TEXT NOT NULL,
  actor             TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('opened', 'status', 'note', 'received', 'assigned', 'diagnosis',
                                                  'inspected', 'estimate', 'estimate_approved', 'estimate_declined',
                                                  'return_approved', 'return_rejected', 'replacement',
                                                  'part_used', 'part_put_back', 'part_ordered', 'part_arrived')),
  from_status       TEXT,
  to_status         TEXT,
  note              TEXT NOT NULL DEFAULT '',
  customer_visible  INTEGER NOT NULL DEFAULT 0,
  details           TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  store_id          TEXT NOT NULL DEFAULT ''
);
INSERT INTO case_events_parts (id, case_id, at, actor, kind, from_status, to_status, note, customer_visible, details,
                               store_id)
  SELECT id, case_id, at, actor, kind, from_status, to_status, note, customer_visible, details, store_id
  FROM case_events;
DROP TABLE case_events;
ALTER TABLE case_events_parts RENAME TO case_events;
CREATE INDEX case_events_case ON case_events(case_id, id);
