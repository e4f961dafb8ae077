-- Implementation of approved proposals (issue 10, DESIGN.md §4.1): the milestones (planned and
-- done dates as YYYY-MM-DD), and per proposal its progress, budget and responsible directorate.
-- Each change is also an event on the proposal's timeline.
CREATE TABLE milestones (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id BIGINT NOT NULL REFERENCES submissions(id),
  title TEXT NOT NULL,
  planned_on TEXT NOT NULL,
  done_on TEXT,
  note TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE INDEX milestones_submission ON milestones (submission_id, planned_on, id);
CREATE TABLE implementations (
  submission_id BIGINT PRIMARY KEY NOT NULL REFERENCES submissions(id),
  progress_percent INTEGER NOT NULL DEFAULT 0 CHECK (progress_percent BETWEEN 0 AND 100),
  budget_kurus BIGINT CHECK (budget_kurus >= 0),
  directorate_id BIGINT REFERENCES directorates(id),
  updated_at TIMESTAMP NOT NULL
);
