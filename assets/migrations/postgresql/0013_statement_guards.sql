-- Schema 13 on PostgreSQL: the guard on what the chain shares (a store writes no catalog, sales or
-- phone answers of its own) does not depend on the row, so it runs once per statement instead of
-- once per row (it cost about a quarter of a bulk import's time at headquarters).
CREATE FUNCTION aftersales_guard_shared_statement() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF aftersales_setting('chain.role') = 'store' THEN
    RAISE EXCEPTION 'This store takes its % from headquarters: import them there.',
      replace(TG_TABLE_NAME, '_', ' ') USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END $$;

DO $guards$
DECLARE
  shared TEXT;
BEGIN
  FOREACH shared IN ARRAY ARRAY['products', 'protection_plans', 'sales', 'sale_lines', 'phone_answers', 'chain_returns']
  LOOP
    EXECUTE format('DROP TRIGGER %I ON %I', shared || '_owner', shared);
    EXECUTE format('CREATE TRIGGER %I BEFORE INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT '
                   'EXECUTE FUNCTION aftersales_guard_shared_statement()', shared || '_owner', shared);
  END LOOP;
END
$guards$;
DROP FUNCTION aftersales_guard_shared_row();
