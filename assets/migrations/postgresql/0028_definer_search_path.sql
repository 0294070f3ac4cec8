-- Schema 28 on PostgreSQL: the functions that run with their owner's rights (SECURITY DEFINER) search
-- pg_temp last. A search_path that does not name pg_temp has the session's temporary schema searched
-- first for tables, so a login could put a temporary "staff" or "cases" table in front of the real
-- one for these functions (PostgreSQL's "Writing SECURITY DEFINER Functions Safely"). Schema 27's
-- aftersales_return_contact_blocked was written this way. (aftersales_store_id and
-- aftersales_chain_role are plain constants since schema 18, inlined into plans: a SET would stop that.)
ALTER FUNCTION aftersales_staff_secret(TEXT) SET search_path = public, pg_temp;
ALTER FUNCTION aftersales_setting(TEXT) SET search_path = public, pg_temp;
ALTER FUNCTION aftersales_refresh_chain_identity() SET search_path = public, pg_temp;
ALTER FUNCTION aftersales_chain_identity_changed() SET search_path = public, pg_temp;
