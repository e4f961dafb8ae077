-- Moderation (issue 11, DESIGN.md §4.4).
-- A submission or comment is public while `moderation` is NULL. Otherwise it is held out of every
-- public list: 'pending' (the word list held it before publication), 'flagged' (N flags hid it
-- until a moderator looks) or 'hidden' (a moderator hid it; the public sees a placeholder with the
-- reason). The original is always kept.
ALTER TABLE submissions ADD COLUMN moderation TEXT;
ALTER TABLE comments ADD COLUMN moderation TEXT;
CREATE INDEX submissions_moderated ON submissions (moderation, id) WHERE moderation IS NOT NULL;
CREATE INDEX comments_moderated ON comments (moderation, id) WHERE moderation IS NOT NULL;

-- A flag's reason is a code from a short list; what a flagger wrote before is kept as its detail.
-- A moderator's decision settles the flags before it (`reviewed_at`): only newer ones count
-- towards the threshold again.
ALTER TABLE flags ADD COLUMN detail TEXT NOT NULL DEFAULT '';
ALTER TABLE flags ADD COLUMN reviewed_at TIMESTAMP;
UPDATE flags SET detail = reason, reason = 'other';
CREATE INDEX flags_open ON flags (target_kind, target_id) WHERE reviewed_at IS NULL;

-- Every moderation step, with its reason: held by the word list, hidden by flags, hidden or
-- restored by a moderator (NULL moderator: the platform itself).
CREATE TABLE moderation_actions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  target_kind TEXT NOT NULL,
  target_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  reason TEXT NOT NULL,
  moderator_id BIGINT REFERENCES users(id),
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX moderation_actions_target ON moderation_actions (target_kind, target_id, id);

-- The word list of pre-moderation, one folded entry per row (installed once from
-- reference/profanity-tr.txt; admins edit it).
CREATE TABLE moderation_words (
  word TEXT PRIMARY KEY NOT NULL,
  added_at TIMESTAMP NOT NULL
);

-- A person blocked by a moderator reads but does not write until `blocked_until`.
ALTER TABLE users ADD COLUMN blocked_until TIMESTAMP;
CREATE TABLE user_blocks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL,
  until TIMESTAMP NOT NULL,
  blocked_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX user_blocks_user ON user_blocks (user_id, id);

-- A duplicate merged into its original: a public link both ways.
CREATE TABLE submission_merges (
  duplicate_id BIGINT PRIMARY KEY NOT NULL REFERENCES submissions(id),
  original_id BIGINT NOT NULL REFERENCES submissions(id),
  merged_by BIGINT NOT NULL REFERENCES users(id),
  merged_at TIMESTAMP NOT NULL
);
CREATE INDEX submission_merges_original ON submission_merges (original_id);

-- The search indexes hold public submissions only.
DROP TRIGGER submissions_fts_insert;
DROP TRIGGER submissions_fts_delete;
DROP TRIGGER submissions_fts_update;
CREATE TRIGGER submissions_fts_insert AFTER INSERT ON submissions WHEN new.moderation IS NULL BEGIN
  INSERT INTO submissions_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
  INSERT INTO submissions_title_fts (rowid, search_title) VALUES (new.id, new.search_title);
END;
CREATE TRIGGER submissions_fts_delete AFTER DELETE ON submissions WHEN old.moderation IS NULL BEGIN
  INSERT INTO submissions_fts (submissions_fts, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
  INSERT INTO submissions_title_fts (submissions_title_fts, rowid, search_title)
    VALUES ('delete', old.id, old.search_title);
END;
-- One update trigger, so the old entry always leaves before the new one comes in.
CREATE TRIGGER submissions_fts_update AFTER UPDATE OF search_title, search_body, moderation ON submissions BEGIN
  INSERT INTO submissions_fts (submissions_fts, rowid, search_title, search_body)
    SELECT 'delete', old.id, old.search_title, old.search_body WHERE old.moderation IS NULL;
  INSERT INTO submissions_title_fts (submissions_title_fts, rowid, search_title)
    SELECT 'delete', old.id, old.search_title WHERE old.moderation IS NULL;
  INSERT INTO submissions_fts (rowid, search_title, search_body)
    SELECT new.id, new.search_title, new.search_body WHERE new.moderation IS NULL;
  INSERT INTO submissions_title_fts (rowid, search_title)
    SELECT new.id, new.search_title WHERE new.moderation IS NULL;
END;
