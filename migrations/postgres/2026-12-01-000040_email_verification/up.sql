-- E-mail addresses are confirmed before any notification goes to them. Accounts made before this
-- change had been receiving e-mail, so they count as confirmed; new registrations are not until
-- their owner opens the one-time link. Only a SHA-256 hash of each link's secret is kept.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP;
UPDATE users SET email_verified_at = created_at;
CREATE TABLE email_verifications (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  email TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  expires_at TIMESTAMP NOT NULL
);
CREATE INDEX email_verifications_user ON email_verifications (user_id);
