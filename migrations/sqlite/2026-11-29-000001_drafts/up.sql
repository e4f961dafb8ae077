-- Drafts: a citizen's unsent submission, saved to finish later. Kept apart from `submissions`
-- so that nothing about a draft (search, counts, reference codes, listings) is ever public;
-- publishing one sends it as a new submission and removes the draft in the same transaction.
-- Every field may still be empty or unchecked: the rules apply when it is sent.
CREATE TABLE drafts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  author_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  category_id BIGINT,
  neighbourhood_id BIGINT,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE INDEX drafts_author ON drafts (author_id, updated_at);
