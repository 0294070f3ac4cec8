-- Schema 29 on PostgreSQL: two more questions the kiosk asks of the return controls without reading
-- them (install/postgresql/roles.sql), each answered by a function that runs with its owner's rights,
-- as aftersales_return_contact_blocked answers for one contact.
-- Whether the returns blocklist has an entry in force: while it has, every return needs the
-- customer's phone number or e-mail (core/services/return_controls.h), as an entry can match no return
-- without them.
CREATE FUNCTION aftersales_return_blocklist_in_force(at_time TEXT) RETURNS BOOLEAN
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT EXISTS (SELECT 1 FROM return_blocklist
                       WHERE removed_at IS NULL AND (expires_at IS NULL OR expires_at > at_time)) $$;
REVOKE ALL ON FUNCTION aftersales_return_blocklist_in_force(TEXT) FROM PUBLIC;

-- What the kiosk may tell the shopper of a return it opened, asked again when a save is retried after
-- its acknowledgment was lost: handover_for (core/domain/return_controls.cpp) over the return's holds.
-- 'none'; 'serial_mismatch' when that is the only hold (the shopper typed the serial); else
-- 'see_counter', which never says why.
CREATE FUNCTION aftersales_return_handover(wanted_case BIGINT) RETURNS TEXT
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
  AS $$ SELECT CASE WHEN count(*) = 0 THEN 'none'
                    WHEN bool_and(kind = 'serial_mismatch') THEN 'serial_mismatch'
                    ELSE 'see_counter' END
        FROM return_holds WHERE case_id = wanted_case $$;
REVOKE ALL ON FUNCTION aftersales_return_handover(BIGINT) FROM PUBLIC;

-- The kiosk asks the first of these for every return: where install/postgresql/roles.sql made the
-- programs' roles, they may ask at once, before roles.sql is run again after this upgrade.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'aftersales_kiosk')
     AND EXISTS (SELECT FROM pg_roles WHERE rolname = 'aftersales_backoffice') THEN
    GRANT EXECUTE ON FUNCTION aftersales_return_blocklist_in_force(TEXT), aftersales_return_handover(BIGINT)
      TO aftersales_kiosk, aftersales_backoffice;
  END IF;
END $$;
