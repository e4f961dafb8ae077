-- The account a session belongs to, kept beside the session's data so that a password change can
-- end the person's other sessions with one statement. Empty for sessions without a sign-in.
ALTER TABLE sessions ADD COLUMN user_id BIGINT;
CREATE INDEX sessions_user ON sessions (user_id);
