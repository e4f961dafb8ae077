-- The mail outbox: one row per e-mail, written in the same transaction as what it tells about
-- (a notification, later an address confirmation), so a crash never loses one. A worker claims
-- due rows with a lease (`leased_by` = the worker's random id, `leased_until`), sends them, and
-- marks them `sent` only while its lease holds, so several servers send each message once. A
-- failed attempt is tried again with exponential backoff until `give_up_at` (48 hours after it
-- was written, or after an admin's resend); then the row is `failed` and waits for an admin.
-- `body` is plain text; `{site}` in it stands for the public address, filled in when sent.
CREATE TABLE mail_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recipient TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  notification_id BIGINT REFERENCES notifications(id) ON DELETE SET NULL,
  -- pending | sent | failed
  state TEXT NOT NULL DEFAULT 'pending',
  attempts BIGINT NOT NULL DEFAULT 0,
  next_attempt_at TIMESTAMP NOT NULL,
  give_up_at TIMESTAMP NOT NULL,
  leased_until TIMESTAMP,
  leased_by TEXT,
  last_error TEXT,
  created_at TIMESTAMP NOT NULL,
  sent_at TIMESTAMP
);
-- Claiming (pending and due), the admin lists (pending, failed) and the clean-up of old sent rows.
CREATE INDEX mail_outbox_state ON mail_outbox (state, next_attempt_at);
CREATE INDEX mail_outbox_notification ON mail_outbox (notification_id);
