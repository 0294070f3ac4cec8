-- Schema 18 on PostgreSQL: what opening a case costs (issue 15: 1,000 cases a second from four
-- writers). Numbered 18: 17 is kept for other work.
--
-- 1. The store a row belongs to and the database's role in a chain were read from settings on
--    every row written, several times a row (each store_id default, the owner guard twice, the
--    returns trigger): a SQL function that is SECURITY DEFINER is planned again at every call.
--    They are now functions whose body is the value itself (PostgreSQL folds them into a
--    constant), rewritten from settings whenever a chain.* setting changes, in the transaction
--    that changes it (the trigger does it as the functions' owner; the programs' roles may read
--    settings, never write it, nor replace a function). The guards and what they allow are the same.
-- 2. A repair case is opened after reading the latest repair on the same serial. That read went
--    through cases_serial, which every new case is added to, so under SERIALIZABLE each read
--    locked the index page the other writers were adding their cases to, and about a quarter of
--    the opens from four writers failed and were retried. Completed repairs have their own index now;
--    a new case is not in it, so opening one no longer collides with the others' reads.

CREATE OR REPLACE FUNCTION aftersales_store_id() RETURNS TEXT
  LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT ''::text $$;
CREATE FUNCTION aftersales_chain_role() RETURNS TEXT
  LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT NULL::text $$;

-- Rewrites the two functions above from settings; leaves them alone (and every plan that folded
-- them in) when they already say the same.
CREATE FUNCTION aftersales_refresh_chain_identity() RETURNS void
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  store_body TEXT := format('SELECT %L::text', COALESCE((SELECT value FROM settings WHERE key = 'chain.store_id'), ''));
  role_body TEXT := format('SELECT %s::text',
                           COALESCE(quote_literal((SELECT value FROM settings WHERE key = 'chain.role')), 'NULL'));
BEGIN
  IF (SELECT prosrc FROM pg_proc WHERE oid = 'public.aftersales_store_id()'::regprocedure) IS DISTINCT FROM store_body THEN
    EXECUTE format('CREATE OR REPLACE FUNCTION public.aftersales_store_id() RETURNS TEXT '
                   'LANGUAGE sql STABLE PARALLEL SAFE AS %L', store_body);
  END IF;
  IF (SELECT prosrc FROM pg_proc WHERE oid = 'public.aftersales_chain_role()'::regprocedure) IS DISTINCT FROM role_body THEN
    EXECUTE format('CREATE OR REPLACE FUNCTION public.aftersales_chain_role() RETURNS TEXT '
                   'LANGUAGE sql STABLE PARALLEL SAFE AS %L', role_body);
  END IF;
END $$;
REVOKE ALL ON FUNCTION aftersales_refresh_chain_identity() FROM PUBLIC;

CREATE FUNCTION aftersales_chain_identity_changed() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  PERFORM aftersales_refresh_chain_identity();
  RETURN NULL;
END $$;
CREATE TRIGGER settings_chain_identity AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION aftersales_chain_identity_changed();
SELECT aftersales_refresh_chain_identity();  -- what settings say now (a database already in a chain)

CREATE OR REPLACE FUNCTION aftersales_guard_store_row() RETURNS trigger
  LANGUAGE plpgsql AS $$
DECLARE
  role TEXT := aftersales_chain_role();
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

-- The apply worker runs with an empty search_path: the function brings its own.
CREATE OR REPLACE FUNCTION aftersales_note_chain_return() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  IF aftersales_chain_role() IS DISTINCT FROM 'headquarters' THEN
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

CREATE INDEX cases_workmanship ON cases(serial, workmanship_until)
  WHERE kind = 'repair' AND workmanship_until IS NOT NULL;
