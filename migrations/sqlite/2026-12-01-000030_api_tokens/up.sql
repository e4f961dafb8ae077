-- Personal API tokens: a program acting for a person sends `Authorization: Bearer <secret>`
-- instead of a session cookie. Only a SHA-256 hash of the secret is kept (the secret is 32 random
-- bytes, so a fast hash is enough); a revoked token stays listed with its revocation time.
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  secret_hash TEXT NOT NULL UNIQUE,
  created_at TIMESTAMP NOT NULL,
  last_used_at TIMESTAMP,
  revoked_at TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, id);
