-- Schema 9 on PostgreSQL: a sign-in reads one account's secret through this function, so that the
-- back office's role (install/postgresql/roles.sql) never needs to read the staff table's secrets.
-- It runs with its owner's rights; nobody but the owner may call it until roles.sql grants it.
CREATE FUNCTION aftersales_staff_secret(wanted TEXT) RETURNS TEXT
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT password_hash FROM staff WHERE username = wanted $$;
REVOKE ALL ON FUNCTION aftersales_staff_secret(TEXT) FROM PUBLIC;
