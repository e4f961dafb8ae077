-- The evaluation committee (issue 10, DESIGN.md §4.2): versions of the rubric (a round keeps the
-- one it started with), rounds of scoring on a proposal, each member's blind sheet, recusals,
-- and the chair's decisions. The default rubric is installed by the server when none exists.
CREATE TABLE rubrics (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version BIGINT NOT NULL UNIQUE,
  scale_max INTEGER NOT NULL CHECK (scale_max IN (5, 10)),
  created_at TIMESTAMP NOT NULL,
  created_by BIGINT REFERENCES users(id)
);
CREATE TABLE rubric_criteria (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rubric_id BIGINT NOT NULL REFERENCES rubrics(id),
  position INTEGER NOT NULL,
  key TEXT NOT NULL,
  name_tr TEXT NOT NULL,
  name_en TEXT NOT NULL,
  weight INTEGER NOT NULL CHECK (weight > 0),
  UNIQUE (rubric_id, key)
);
CREATE TABLE evaluation_rounds (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id BIGINT NOT NULL REFERENCES submissions(id),
  rubric_id BIGINT NOT NULL REFERENCES rubrics(id),
  opened_by BIGINT NOT NULL REFERENCES users(id),
  opened_at TIMESTAMP NOT NULL,
  deadline TIMESTAMP NOT NULL,
  quorum BIGINT NOT NULL,
  reminded_at TIMESTAMP,
  closed_at TIMESTAMP,
  closed_by BIGINT REFERENCES users(id)
);
-- One open round per proposal.
CREATE UNIQUE INDEX evaluation_rounds_open ON evaluation_rounds (submission_id) WHERE closed_at IS NULL;
CREATE INDEX evaluation_rounds_submission ON evaluation_rounds (submission_id, id);
-- The members a round was opened with (the evaluators of the day).
CREATE TABLE round_members (
  round_id BIGINT NOT NULL REFERENCES evaluation_rounds(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  submitted_at TIMESTAMP,
  recused_at TIMESTAMP,
  recusal_reason TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (round_id, user_id)
);
CREATE INDEX round_members_user ON round_members (user_id, round_id);
CREATE TABLE round_scores (
  round_id BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  criterion_id BIGINT NOT NULL REFERENCES rubric_criteria(id),
  score INTEGER NOT NULL,
  justification TEXT NOT NULL,
  PRIMARY KEY (round_id, user_id, criterion_id),
  FOREIGN KEY (round_id, user_id) REFERENCES round_members(round_id, user_id)
);
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id BIGINT NOT NULL REFERENCES submissions(id),
  round_id BIGINT REFERENCES evaluation_rounds(id),
  outcome TEXT NOT NULL,
  public_reason TEXT NOT NULL,
  estimated_cost_kurus BIGINT,
  estimated_days BIGINT,
  decided_by BIGINT NOT NULL REFERENCES users(id),
  decided_at TIMESTAMP NOT NULL
);
CREATE INDEX decisions_submission ON decisions (submission_id, id);
