-- Purpose: lock a user's login for a while after repeated wrong passwords.
-- failed_logins counts consecutive failures and is reset by a successful
-- login; locked_until, when in the future, rejects every login attempt.

ALTER TABLE users
  ADD COLUMN failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  ADD COLUMN locked_until timestamptz;

-- Session lookups and the removal of expired sessions filter on these.
CREATE INDEX sessions_expires_at ON sessions (expires_at);
