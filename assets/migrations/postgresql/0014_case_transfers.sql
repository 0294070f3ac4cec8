-- Schema 14 on PostgreSQL: a repair transferred to another store of the chain (a repair depot).
-- The store that had it closes its case as 'transferred' (cases.transferred_to) and writes, in the
-- same transaction, a case_transfers row holding everything the other store needs (the case, its
-- events and estimate, as JSON), so nothing depends on the order replication applies rows.
-- Headquarters turns each one it receives into a chain_transfers row of its own (a trigger that
-- fires under replication too), which replicates to the destination store only; that store opens
-- its own case from it (cases.transferred_from) and records that in transfers_applied, in one
-- transaction, so a transfer opens one case even after a crash. Outside a chain all stay empty.
ALTER TABLE cases ADD COLUMN transferred_to TEXT;    -- the store it went to
ALTER TABLE cases ADD COLUMN transferred_from TEXT;  -- the case code it came from (at another store)
CREATE INDEX cases_transferred_from ON cases(transferred_from) WHERE transferred_from IS NOT NULL;

CREATE TABLE case_transfers (
  case_id         BIGINT PRIMARY KEY,  -- the case that left (ids are chain-wide)
  store_id        TEXT NOT NULL DEFAULT aftersales_store_id(),
  to_store        TEXT NOT NULL,
  transferred_at  TEXT NOT NULL,
  snapshot        TEXT NOT NULL
);

CREATE TABLE chain_transfers (
  case_id         BIGINT PRIMARY KEY,
  from_store      TEXT NOT NULL,
  to_store        TEXT NOT NULL,
  transferred_at  TEXT NOT NULL,
  snapshot        TEXT NOT NULL
);
CREATE INDEX chain_transfers_to ON chain_transfers(to_store, case_id);

CREATE TABLE transfers_applied (
  transfer_id  BIGINT PRIMARY KEY,  -- chain_transfers.case_id
  store_id     TEXT NOT NULL DEFAULT aftersales_store_id(),
  case_id      BIGINT,              -- the case opened here; null when it could not be
  applied_at   TEXT NOT NULL,
  outcome      TEXT NOT NULL        -- 'applied', or why not
);

CREATE TRIGGER case_transfers_owner BEFORE INSERT OR UPDATE OR DELETE ON case_transfers
  FOR EACH ROW EXECUTE FUNCTION aftersales_guard_store_row();
CREATE TRIGGER transfers_applied_owner BEFORE INSERT OR UPDATE OR DELETE ON transfers_applied
  FOR EACH ROW EXECUTE FUNCTION aftersales_guard_store_row();
CREATE TRIGGER chain_transfers_owner BEFORE INSERT OR UPDATE OR DELETE ON chain_transfers
  FOR EACH STATEMENT EXECUTE FUNCTION aftersales_guard_shared_statement();
DO $guards$
DECLARE
  guarded TEXT;
BEGIN
  FOREACH guarded IN ARRAY ARRAY['case_transfers', 'transfers_applied', 'chain_transfers']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT '
                   'EXECUTE FUNCTION aftersales_guard_truncate()', guarded || '_no_truncate', guarded);
  END LOOP;
END
$guards$;

-- The apply worker runs with an empty search_path: the function brings its own.
CREATE FUNCTION aftersales_pass_transfer_on() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  IF aftersales_setting('chain.role') IS DISTINCT FROM 'headquarters' THEN
    RETURN NULL;
  END IF;
  INSERT INTO chain_transfers (case_id, from_store, to_store, transferred_at, snapshot)
    VALUES (NEW.case_id, NEW.store_id, NEW.to_store, NEW.transferred_at, NEW.snapshot)
    ON CONFLICT (case_id) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER case_transfers_pass_on AFTER INSERT ON case_transfers
  FOR EACH ROW EXECUTE FUNCTION aftersales_pass_transfer_on();
ALTER TABLE case_transfers ENABLE ALWAYS TRIGGER case_transfers_pass_on;

-- Every store now learns the chain's list of stores (from headquarters), to offer a transfer's
-- destinations; headquarters alone writes it.
CREATE TRIGGER chain_stores_owner BEFORE INSERT OR UPDATE OR DELETE ON chain_stores
  FOR EACH STATEMENT EXECUTE FUNCTION aftersales_guard_shared_statement();
