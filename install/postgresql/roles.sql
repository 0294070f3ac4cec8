-- Least privilege on PostgreSQL: one group role per kind of program, each granted only what that
-- program does. Run it as the database's owner (the role that ran `aftersales init`) after every
-- upgrade, in the store's database:
--   psql "postgresql://aftersales@dbhost/aftersales" -f /usr/share/doc/aftersales/examples/postgresql/roles.sql
-- It can run again at any time. Then give each machine a login of its own in its group, e.g.
--   CREATE ROLE kiosk_floor1 LOGIN PASSWORD '…' IN ROLE aftersales_kiosk;
--   CREATE ROLE counter_ana LOGIN PASSWORD '…' IN ROLE aftersales_backoffice;
-- and point each program's `database` at its own login. Administration (init, import, staff,
-- demo, backup, check) runs as the owner.
--
-- What each may do:
--   aftersales_kiosk       read the catalog, sales and cases (warranty, returns, tracking); open
--                          cases; its own staff-PIN lockout; whether a loaner is free (schema 23);
--                          why a return it opens waits for a manager (schema 27), asking whether a
--                          contact is blocked without reading the blocklist. Never reads staff.
--   aftersales_backoffice  work cases (events, estimates, decisions, replacements, notices, parts
--                          used, ordered and arrived, schema 20; loaners lent, back and waived,
--                          schema 23); read
--                          staff without their secrets (a sign-in gets one account's secret through
--                          aftersales_staff_secret, never the table); count and record its
--                          sign-ins.
--   aftersales_status      read what a customer's page shows; record estimate answers and feedback
--                          (it may change a case's progress columns, never its customer, product or
--                          codes); show a case's photos and add the customer's (schema 26). Never
--                          reads staff.
--   aftersales_notifier    read the outbox and record what was sent; at a store of a chain, apply
--                          the answers customers gave on headquarters' page (as the status
--                          server does on a store's own page: it is a member of aftersales_status),
--                          and open the cases other stores transferred here (schema 14).
-- At a chain's headquarters the status server keeps those answers in phone_answers.

DO $roles$
DECLARE
  wanted TEXT;
BEGIN
  FOREACH wanted IN ARRAY ARRAY['aftersales_kiosk', 'aftersales_backoffice', 'aftersales_status', 'aftersales_notifier']
  LOOP
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = wanted) THEN
      EXECUTE format('CREATE ROLE %I NOLOGIN', wanted);
    END IF;
  END LOOP;
END
$roles$;

-- Start from nothing, so that running this again after a change takes rights away too.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM aftersales_kiosk, aftersales_backoffice, aftersales_status,
  aftersales_notifier;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM aftersales_kiosk, aftersales_backoffice, aftersales_status,
  aftersales_notifier;
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON FUNCTION aftersales_staff_secret(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION aftersales_return_contact_blocked(text, text, text) FROM PUBLIC;
REVOKE ALL ON FUNCTION aftersales_return_blocklist_in_force(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION aftersales_return_handover(bigint) FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO aftersales_kiosk, aftersales_backoffice, aftersales_status, aftersales_notifier;
-- Every program checks the schema version when it starts; new rows take ids from the sequences.
GRANT SELECT ON schema_version, settings TO aftersales_kiosk, aftersales_backoffice, aftersales_status,
  aftersales_notifier;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO aftersales_kiosk, aftersales_backoffice, aftersales_status;
-- The chain's guards (schema 10) read this database's role in a chain through it.
GRANT EXECUTE ON FUNCTION aftersales_setting(text) TO aftersales_kiosk, aftersales_backoffice, aftersales_status,
  aftersales_notifier;

-- The kiosk
GRANT SELECT ON products, protection_plans, sales, sale_lines, serial_replacements, cases, case_events,
  estimate_lines TO aftersales_kiosk;
GRANT INSERT ON cases, case_events, outbox TO aftersales_kiosk;
GRANT SELECT, INSERT, UPDATE ON case_search, kiosk_lockout TO aftersales_kiosk;
-- a case's page names the chain's stores, with their numbers (schema 17)
GRANT SELECT ON chain_stores TO aftersales_kiosk, aftersales_status;

-- The back office
GRANT SELECT ON products, protection_plans, sales, sale_lines, feedback TO aftersales_backoffice;
-- At a chain's headquarters the dashboard lists every store, even one with no cases yet.
GRANT SELECT ON chain_stores TO aftersales_backoffice;
GRANT SELECT, INSERT, UPDATE, DELETE ON cases, case_events, estimate_lines, case_search, outbox,
  serial_replacements TO aftersales_backoffice;
-- a repair transferred to another store of a chain: the chain's stores, and the record it travels in
GRANT SELECT ON chain_stores TO aftersales_backoffice;
GRANT SELECT, INSERT ON case_transfers TO aftersales_backoffice;
GRANT SELECT (id, username, display_name, role, active, created_at) ON staff TO aftersales_backoffice;
GRANT EXECUTE ON FUNCTION aftersales_staff_secret(text) TO aftersales_backoffice;
-- its sign-ins: counted per user name and terminal, and recorded (schema 16); the record is never
-- changed by the back office, only added to
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_lockouts TO aftersales_backoffice;
GRANT SELECT, INSERT ON sign_in_events TO aftersales_backoffice;

-- The status server
GRANT SELECT ON products, protection_plans, sales, sale_lines, serial_replacements, cases, case_events,
  estimate_lines, feedback TO aftersales_status;
GRANT UPDATE (status, updated_at, due_at, paused_since, was_repaired, workmanship_until, closed_at, estimate_state,
  assigned_to, resolution, diagnosis, inspected_condition, inspection_notes, return_decision) ON cases
  TO aftersales_status;
GRANT INSERT ON case_events, outbox, feedback TO aftersales_status;
GRANT SELECT, INSERT ON phone_answers, phone_answers_applied TO aftersales_status;

-- Parts (schema 20). An estimate line names its part by SKU and a waiting repair's page says when
-- its part is expected: the kiosk's tracking and the status page read only that, never costs or
-- stock. The back office works the bench: it takes parts from stock, orders them and records
-- their arrival (importing the parts list is administration, as the owner).
GRANT SELECT (id, sku) ON parts TO aftersales_kiosk, aftersales_status;
GRANT SELECT (case_id, expected_on, arrived_at, cancelled_at) ON part_orders TO aftersales_kiosk, aftersales_status;
GRANT SELECT, UPDATE (stock) ON parts TO aftersales_backoffice;
GRANT SELECT, INSERT ON part_uses TO aftersales_backoffice;
GRANT SELECT, INSERT, UPDATE (arrived_at, quantity, cancelled_at, cancel_reason) ON part_orders TO aftersales_backoffice;

-- Money at the counter (schema 21): the back office records it (and never changes or deletes a
-- row); the kiosk's tracking and the status page show only what was paid in total.
GRANT SELECT, INSERT ON payments TO aftersales_backoffice;
GRANT SELECT (case_id, kind, amount_cents) ON payments TO aftersales_kiosk, aftersales_status;

-- Loaners (schema 23): the back office keeps the list (never deletes one: it retires it), lends,
-- takes back and waives; the kiosk asks whether one is free, and its tracking and the status page
-- say which one to bring back. Neither reads or writes more than that.
GRANT SELECT, INSERT, UPDATE (description, serial, condition, retired) ON loaners TO aftersales_backoffice;
GRANT SELECT, INSERT, UPDATE (returned_at, returned_by, return_condition, waived_by, waived_reason) ON loans
  TO aftersales_backoffice;
GRANT SELECT (id, tag, description, retired) ON loaners TO aftersales_kiosk, aftersales_status;
GRANT SELECT (loaner_id, case_id, returned_at) ON loans TO aftersales_kiosk, aftersales_status;

-- Vendor claims (schema 24): the back office batches manufacturer's-warranty repairs into claims,
-- ships them and records the credit (never deletes one); the kiosk and the status page read nothing
-- of them: the customer never sees a claim.
GRANT SELECT, INSERT, UPDATE ON vendor_claims, claim_lines TO aftersales_backoffice;

-- Photos of a case (schema 26): the back office adds them at the counter and on the bench and
-- shows them (never changes or deletes one); the status page shows a case's photos and adds the
-- customer's, counted against the limit in the same transaction. The kiosk sees none.
GRANT SELECT, INSERT ON case_photos TO aftersales_backoffice;
GRANT SELECT, INSERT ON case_photos TO aftersales_status;

-- A return checks what the chain already took back of its sale line (chain_returns, schema 12:
-- the sale line and a quantity, nothing about the customer): whoever opens returns reads it.
GRANT SELECT ON chain_returns TO aftersales_kiosk, aftersales_backoffice;

-- Return controls (schema 27): the blocklist is kept by managers (the CLI, as the owner) and read
-- by the counter; the kiosk opens returns and records why one waits for a manager, but reads
-- neither: whether a contact is blocked it asks aftersales_return_contact_blocked, and whether any
-- entry is in force (then a return needs a contact, schema 29) aftersales_return_blocklist_in_force,
-- and what to tell the shopper of a return it saves again aftersales_return_handover; each answers
-- only that. The status server and the notifier have nothing to do with either.
GRANT SELECT ON return_blocklist, return_holds TO aftersales_backoffice;
GRANT INSERT ON return_holds TO aftersales_kiosk, aftersales_backoffice;
GRANT EXECUTE ON FUNCTION aftersales_return_contact_blocked(text, text, text) TO aftersales_kiosk,
  aftersales_backoffice;
GRANT EXECUTE ON FUNCTION aftersales_return_blocklist_in_force(text), aftersales_return_handover(bigint)
  TO aftersales_kiosk, aftersales_backoffice;

-- The notifier
GRANT SELECT ON outbox, cases TO aftersales_notifier;
GRANT UPDATE (attempts, next_attempt_at, sent_at, last_error) ON outbox TO aftersales_notifier;
GRANT aftersales_status TO aftersales_notifier;
-- at a store of a chain: a repair transferred here opens as this store's case, with its history
GRANT SELECT ON chain_transfers, transfers_applied, chain_stores TO aftersales_notifier;
GRANT INSERT ON transfers_applied, cases, estimate_lines TO aftersales_notifier;
GRANT SELECT, INSERT, UPDATE ON case_search TO aftersales_notifier;
GRANT UPDATE (estimate_explanation) ON cases TO aftersales_notifier;
-- what was paid at the store it left comes with it, as paid here (schema 21)
GRANT INSERT ON payments TO aftersales_notifier;
