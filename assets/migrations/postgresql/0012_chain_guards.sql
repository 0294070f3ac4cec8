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
