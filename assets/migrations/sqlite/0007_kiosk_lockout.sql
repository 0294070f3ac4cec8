-- Schema 7: the kiosk's staff-PIN lockout (kiosk/flows/staff_unlock.h), kept in the database so that
-- neither Cancel, reopening the PIN pad nor a restart of the kiosk gives a guesser fresh attempts.
-- One row at most; kiosks sharing a database share it (a guesser cannot move to the next kiosk).
CREATE TABLE kiosk_lockout (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),  -- wrong PINs since the last lock or right PIN
  locks INTEGER NOT NULL DEFAULT 0 CHECK (locks >= 0),        -- locks since the last right PIN
  locked_until TEXT                                           -- UTC instant the lock ends (as stored); NULL: none
);
