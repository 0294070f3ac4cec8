-- Schema 10 on PostgreSQL: the store that owns each row, for a chain of stores (README "A chain of
-- stores"). Outside a chain every store_id is '' and the guards below let everything through.
-- In a chain, `aftersales chain add-store` records in settings what this database is:
--   chain.role          'headquarters' or 'store'
--   chain.store_id      the store's id (MAD01), on every row the store writes
--   chain.store_number  its share of ids and case codes (1..1023)
-- Rows arriving by logical replication bypass the guards: the apply worker runs with
-- session_replication_role = replica, where ordinary triggers do not fire.

CREATE FUNCTION aftersales_setting(wanted TEXT) RETURNS TEXT
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT value FROM settings WHERE key = wanted $$;

CREATE FUNCTION aftersales_store_id() RETURNS TEXT
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT COALESCE((SELECT value FROM settings WHERE key = 'chain.store_id'), '') $$;

ALTER TABLE cases ADD COLUMN store_id TEXT NOT NULL DEFAULT aftersales_store_id();
ALTER TABLE case_events ADD COLUMN store_id TEXT NOT NULL DEFAULT aftersales_store_id();
ALTER TABLE estimate_lines ADD COLUMN store_id TEXT NOT NULL DEFAULT aftersales_store_id();
ALTER TABLE serial_replacements ADD COLUMN store_id TEXT NOT NULL DEFAULT aftersales_store_id();
ALTER TABLE feedback ADD COLUMN store_id TEXT NOT NULL DEFAULT aftersales_store_id();
ALTER TABLE case_search ADD COLUMN store_id TEXT NOT NULL DEFAULT aftersales_store_id();
ALTER TABLE outbox ADD COLUMN store_id TEXT NOT NULL DEFAULT aftersales_store_id();
CREATE INDEX cases_store ON cases(store_id);

-- At headquarters: the stores of the chain, each with its number.
CREATE TABLE chain_stores (
  store_id  TEXT PRIMARY KEY CHECK (store_id ~ '^[A-Z0-9]{2,12}$'),
  number    BIGINT NOT NULL UNIQUE CHECK (number BETWEEN 1 AND 1023),
  added_at  TEXT NOT NULL
);

-- A store's rows are written by that store alone: at headquarters they arrive only by replication,
-- and at a store a row must carry the store's own id.
CREATE FUNCTION aftersales_guard_store_row() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  role TEXT := aftersales_setting('chain.role');
  mine TEXT := aftersales_store_id();
BEGIN
  IF role IS NULL THEN
    RETURN COALESCE(NEW, OLD);
  END IF;
  IF role = 'headquarters' THEN
    RAISE EXCEPTION 'This is the chain''s headquarters: % are written by the store that owns them, not here.',
      replace(TG_TABLE_NAME, '_', ' ') USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF (TG_OP <> 'INSERT' AND OLD.store_id IS DISTINCT FROM mine)
     OR (TG_OP <> 'DELETE' AND NEW.store_id IS DISTINCT FROM mine) THEN
    RAISE EXCEPTION 'This row belongs to store %, and only that store may change it (this is store %).',
      COALESCE(CASE WHEN TG_OP = 'INSERT' THEN NEW.store_id ELSE OLD.store_id END, '?'), mine
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;

-- What the chain shares (the catalog and the sales) is written at headquarters alone.
CREATE FUNCTION aftersales_guard_shared_row() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF aftersales_setting('chain.role') = 'store' THEN
    RAISE EXCEPTION 'This store takes its % from headquarters: import them there.',
      replace(TG_TABLE_NAME, '_', ' ') USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN COALESCE(NEW, OLD);
END $$;

DO $guards$
DECLARE
  owned TEXT;
BEGIN
  FOREACH owned IN ARRAY ARRAY['cases', 'case_events', 'estimate_lines', 'serial_replacements', 'feedback',
                               'case_search', 'outbox']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW '
                   'EXECUTE FUNCTION aftersales_guard_store_row()', owned || '_owner', owned);
  END LOOP;
  FOREACH owned IN ARRAY ARRAY['products', 'protection_plans', 'sales', 'sale_lines']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW '
                   'EXECUTE FUNCTION aftersales_guard_shared_row()', owned || '_owner', owned);
  END LOOP;
END
$guards$;
