-- Schema 16: the back office's sign-in, throttled and recorded (shared/core/services/sign_in_throttle.h).
-- Wrong sign-ins are counted per user name and per terminal (the computer signing in); too many lock
-- that name or that terminal for a while, each lock twice as long as the one before. Every sign-in,
-- wrong, refused while locked or right, is an event a manager can read (`aftersales staff sign-ins`).
-- Both belong to this database alone: in a chain they are not replicated.
CREATE TABLE sign_in_lockouts (
  subject TEXT PRIMARY KEY,                                    -- 'user:<keyed digest of the name>' or 'terminal:<name>'
  failures INTEGER NOT NULL DEFAULT 0 CHECK (failures >= 0),  -- wrong sign-ins since the last lock or right one
  locks INTEGER NOT NULL DEFAULT 0 CHECK (locks >= 0),        -- locks since the last right sign-in
  locked_until TEXT                                           -- UTC instant the lock ends; NULL: none
);

CREATE TABLE sign_in_events (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  username TEXT NOT NULL,  -- an account's name; '' when the name typed is no account (it may be a password)
  terminal TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('signed_in', 'wrong', 'locked'))
);
CREATE INDEX sign_in_events_at ON sign_in_events(at);

-- The key of the digests the user names are counted under (a name typed may be a password).
INSERT INTO settings (key, value) VALUES ('sign_in.key', lower(hex(randomblob(32))));
