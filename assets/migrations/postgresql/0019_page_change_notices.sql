-- Schema 19 on PostgreSQL: a change to anything a customer's status page shows is announced at
-- commit on the channel aftersales_data (LISTEN/NOTIFY), so the status server keeps its rendered
-- pages until something they show changes, without asking the server first (each cached page cost
-- a round trip for pg_current_snapshot() before). Row triggers, enabled ALWAYS: the apply worker of
-- a chain's subscription fires row triggers only, and only those so enabled; it is how a change
-- replicated from another store reaches the status server at headquarters. PostgreSQL folds the
-- same notice sent many times in one transaction into one.
CREATE FUNCTION aftersales_announce_page_data() RETURNS trigger
  LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  PERFORM pg_notify('aftersales_data', '');
  RETURN NULL;
END $$;

-- For this and later migrations: a table whose rows a status page shows.
CREATE FUNCTION aftersales_announce_changes_of(shown regclass) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  name TEXT := (SELECT relname FROM pg_class WHERE oid = shown);
BEGIN
  EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW '
                 'EXECUTE FUNCTION aftersales_announce_page_data()', name || '_page_data', shown);
  EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', shown, name || '_page_data');
  EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s FOR EACH STATEMENT '
                 'EXECUTE FUNCTION aftersales_announce_page_data()', name || '_page_data_truncate', shown);
  EXECUTE format('ALTER TABLE %s ENABLE ALWAYS TRIGGER %I', shown, name || '_page_data_truncate');
END $$;

SELECT aftersales_announce_changes_of(shown)
FROM unnest(ARRAY['cases', 'case_events', 'estimate_lines', 'feedback', 'phone_answers', 'phone_answers_applied',
                  'case_transfers', 'chain_transfers', 'transfers_applied', 'chain_stores', 'settings',
                  'serial_replacements']::regclass[]) AS shown;
