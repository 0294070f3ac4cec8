-- Schema 12 on PostgreSQL: in a chain no shared or store-owned table is ever truncated (a TRUNCATE
-- skips the row guards of schema 10, and at headquarters one store's TRUNCATE would empty every
-- store's rows); and aftersales_setting, which reads any setting, is no longer open to every role
-- (roles.sql grants it to the programs' roles).
CREATE FUNCTION aftersales_guard_truncate() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF aftersales_setting('chain.role') IS NOT NULL THEN
    RAISE EXCEPTION 'In a chain of stores % is never truncated: delete rows instead.',
      replace(TG_TABLE_NAME, '_', ' ') USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END $$;

DO $guards$
DECLARE
  guarded TEXT;
BEGIN
  FOREACH guarded IN ARRAY ARRAY['cases', 'case_events', 'estimate_lines', 'serial_replacements', 'feedback',
                                 'case_search', 'outbox', 'phone_answers_applied', 'products', 'protection_plans',
                                 'sales', 'sale_lines', 'phone_answers']
  LOOP
    EXECUTE format('CREATE TRIGGER %I BEFORE TRUNCATE ON %I FOR EACH STATEMENT '
                   'EXECUTE FUNCTION aftersales_guard_truncate()', guarded || '_no_truncate', guarded);
  END LOOP;
END
$guards$;

REVOKE ALL ON FUNCTION aftersales_setting(TEXT) FROM PUBLIC;

-- Returns anywhere in the chain. Headquarters notes, for every return case it receives from a
-- store, the sale line and the quantity (no customer data) and publishes that to every store, so
-- a unit returned at one store is not returned again at another. The trigger fires for rows that
-- arrive by replication too (ENABLE ALWAYS); elsewhere than at headquarters it does nothing.
CREATE TABLE chain_returns (
  case_id       BIGINT PRIMARY KEY,
  store_id      TEXT NOT NULL,
  sale_line_id  BIGINT NOT NULL,
  quantity      BIGINT NOT NULL
);
CREATE INDEX chain_returns_line ON chain_returns(sale_line_id);
CREATE TRIGGER chain_returns_owner BEFORE INSERT OR UPDATE OR DELETE ON chain_returns
  FOR EACH ROW EXECUTE FUNCTION aftersales_guard_shared_row();
CREATE TRIGGER chain_returns_no_truncate BEFORE TRUNCATE ON chain_returns
  FOR EACH STATEMENT EXECUTE FUNCTION aftersales_guard_truncate();

-- The apply worker runs with an empty search_path: the function brings its own.
CREATE FUNCTION aftersales_note_chain_return() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  IF aftersales_setting('chain.role') IS DISTINCT FROM 'headquarters' THEN
    RETURN NULL;
  END IF;
  IF TG_OP = 'DELETE' THEN
    DELETE FROM chain_returns WHERE case_id = OLD.id;
  ELSIF NEW.kind = 'return' AND NEW.sale_line_id IS NOT NULL AND NEW.status NOT IN ('rejected', 'cancelled') THEN
    INSERT INTO chain_returns (case_id, store_id, sale_line_id, quantity)
      VALUES (NEW.id, NEW.store_id, NEW.sale_line_id, COALESCE(NEW.return_quantity, 0))
      ON CONFLICT (case_id) DO UPDATE SET sale_line_id = excluded.sale_line_id, quantity = excluded.quantity;
  ELSE
    DELETE FROM chain_returns WHERE case_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER cases_chain_returns AFTER INSERT OR UPDATE OR DELETE ON cases
  FOR EACH ROW EXECUTE FUNCTION aftersales_note_chain_return();
ALTER TABLE cases ENABLE ALWAYS TRIGGER cases_chain_returns;

-- A replacement serial is unique within its store. Chain-wide it could not be enforced while a
-- store is offline, and at headquarters two stores' rows with the same serial would stop
-- replication from the second store; so the key includes the store (one value at a store).
ALTER TABLE serial_replacements DROP CONSTRAINT serial_replacements_new_serial_key;
ALTER TABLE serial_replacements ADD CONSTRAINT serial_replacements_new_serial_key UNIQUE (store_id, new_serial);
