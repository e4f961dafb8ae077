-- The review board's administration (issue 10): committees of evaluators, each with its chair
-- (a round is opened for one committee; without committees, for every evaluator of the day),
-- and the before and after photos of an implementation (media with a phase; a citizen's own
-- photos have none).
CREATE TABLE committees (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL,
  chair_id BIGINT REFERENCES users(id),
  active BOOLEAN NOT NULL DEFAULT 1,
  created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX committees_name ON committees (name);
CREATE TABLE committee_members (
  committee_id BIGINT NOT NULL REFERENCES committees(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (committee_id, user_id)
);
CREATE INDEX committee_members_user ON committee_members (user_id);
ALTER TABLE evaluation_rounds ADD COLUMN committee_id BIGINT REFERENCES committees(id);
ALTER TABLE media ADD COLUMN phase TEXT;
