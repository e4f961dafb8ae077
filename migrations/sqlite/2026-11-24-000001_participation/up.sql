-- Participation: submissions, their events, supports, comments, follows, notifications,
-- flags, media, settings; full-text search over Turkish-folded title and body (FTS5).
CREATE TABLE settings (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL,
  updated_at TIMESTAMP NOT NULL
);

-- The last reference number handed out per year (INE-YYYY-NNNNNN).
CREATE TABLE reference_counters (
  year BIGINT PRIMARY KEY NOT NULL,
  last_number BIGINT NOT NULL
);

CREATE TABLE submissions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  reference TEXT UNIQUE,
  kind TEXT NOT NULL,
  status TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  body_html TEXT NOT NULL,
  summary TEXT NOT NULL,
  search_title TEXT NOT NULL,
  search_body TEXT NOT NULL,
  category_id BIGINT NOT NULL REFERENCES categories(id),
  neighbourhood_id BIGINT NOT NULL REFERENCES neighbourhoods(id),
  directorate_id BIGINT NOT NULL REFERENCES directorates(id),
  lat DOUBLE,
  lon DOUBLE,
  author_id BIGINT REFERENCES users(id),
  channel TEXT NOT NULL DEFAULT 'web',
  recorded_by BIGINT REFERENCES users(id),
  client_token TEXT,
  support_count BIGINT NOT NULL DEFAULT 0,
  comment_count BIGINT NOT NULL DEFAULT 0,
  queued_at TIMESTAMP,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE INDEX submissions_status ON submissions (status, id);
CREATE INDEX submissions_kind ON submissions (kind, id);
CREATE INDEX submissions_kind_status ON submissions (kind, status, id);
CREATE INDEX submissions_category ON submissions (category_id, id);
CREATE INDEX submissions_neighbourhood ON submissions (neighbourhood_id, id);
CREATE INDEX submissions_directorate ON submissions (directorate_id, id);
CREATE INDEX submissions_author ON submissions (author_id, id);
CREATE INDEX submissions_support ON submissions (support_count, id);
CREATE INDEX submissions_updated ON submissions (updated_at, id);
-- One submission per form shown: a double-clicked submit finds the first one.
CREATE UNIQUE INDEX submissions_client_token ON submissions (author_id, client_token);

-- Private: the citizen a staff member recorded a submission for. Never in a public query.
CREATE TABLE submission_contacts (
  submission_id BIGINT PRIMARY KEY NOT NULL REFERENCES submissions(id),
  name TEXT NOT NULL,
  contact TEXT NOT NULL,
  consent BOOLEAN NOT NULL
);

-- Prefix indexes: every search word matches as a prefix ("cice" finds "cicek"), and without
-- them a common prefix merged thousands of posting lists (4–7 ms a query at city scale; 0.1–0.3 ms
-- with them).
CREATE VIRTUAL TABLE submissions_fts USING fts5(
  search_title, search_body, content='submissions', content_rowid='id', prefix='2 3 4 5 6'
);
-- Only public submissions (not drafts) are in the index, so a search without filters is answered
-- by the index alone.
CREATE TRIGGER submissions_fts_insert AFTER INSERT ON submissions WHEN new.status <> 'draft' BEGIN
  INSERT INTO submissions_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;
CREATE TRIGGER submissions_fts_delete AFTER DELETE ON submissions WHEN old.status <> 'draft' BEGIN
  INSERT INTO submissions_fts (submissions_fts, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
END;
CREATE TRIGGER submissions_fts_update_out AFTER UPDATE OF search_title, search_body, status ON submissions
  WHEN old.status <> 'draft' BEGIN
  INSERT INTO submissions_fts (submissions_fts, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
END;
CREATE TRIGGER submissions_fts_update_in AFTER UPDATE OF search_title, search_body, status ON submissions
  WHEN new.status <> 'draft' BEGIN
  INSERT INTO submissions_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;

-- The append-only log of everything that happens to a submission (DESIGN.md §4).
CREATE TABLE submission_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id BIGINT NOT NULL REFERENCES submissions(id),
  at TIMESTAMP NOT NULL,
  kind TEXT NOT NULL,
  from_status TEXT,
  to_status TEXT,
  actor_id BIGINT REFERENCES users(id),
  actor_role TEXT,
  public_note TEXT NOT NULL DEFAULT '',
  internal_note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX submission_events_submission ON submission_events (submission_id, id);

CREATE TABLE supports (
  submission_id BIGINT NOT NULL REFERENCES submissions(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (submission_id, user_id)
);
CREATE INDEX supports_user ON supports (user_id);

CREATE TABLE comments (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id BIGINT NOT NULL REFERENCES submissions(id),
  parent_id BIGINT REFERENCES comments(id),
  author_id BIGINT NOT NULL REFERENCES users(id),
  body TEXT NOT NULL,
  body_html TEXT NOT NULL,
  official BOOLEAN NOT NULL DEFAULT 0,
  created_at TIMESTAMP NOT NULL,
  edited_at TIMESTAMP,
  deleted_at TIMESTAMP
);
CREATE INDEX comments_submission ON comments (submission_id, id);
CREATE INDEX comments_author ON comments (author_id);

CREATE TABLE follows (
  submission_id BIGINT NOT NULL REFERENCES submissions(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL,
  PRIMARY KEY (submission_id, user_id)
);
CREATE INDEX follows_user ON follows (user_id);

CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  user_id BIGINT NOT NULL REFERENCES users(id),
  submission_id BIGINT NOT NULL REFERENCES submissions(id),
  kind TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL,
  read_at TIMESTAMP,
  -- pending until the mailer has sent it (sent), or the person's settings said no (skipped)
  email_state TEXT NOT NULL DEFAULT 'pending',
  email_attempts BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_email ON notifications (email_state, id);

CREATE TABLE notification_settings (
  user_id BIGINT PRIMARY KEY NOT NULL REFERENCES users(id),
  email_comments BOOLEAN NOT NULL DEFAULT 1,
  email_official BOOLEAN NOT NULL DEFAULT 1,
  email_status BOOLEAN NOT NULL DEFAULT 1
);

CREATE TABLE flags (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  target_kind TEXT NOT NULL,
  target_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL REFERENCES users(id),
  reason TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL,
  UNIQUE (target_kind, target_id, user_id)
);

CREATE TABLE media (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id BIGINT NOT NULL REFERENCES submissions(id),
  kind TEXT NOT NULL,
  position BIGINT NOT NULL,
  file_name TEXT NOT NULL,
  thumb_name TEXT,
  media_type TEXT NOT NULL,
  width BIGINT,
  height BIGINT,
  bytes BIGINT NOT NULL,
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX media_submission ON media (submission_id, position);
