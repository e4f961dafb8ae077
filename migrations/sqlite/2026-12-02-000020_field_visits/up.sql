-- Field visits (issue 11, DESIGN.md §4.3): a VİM mobile-unit stop or a neighbourhood meeting, on
-- a local date (YYYY-MM-DD), with its place and public notes. Requests staff record during one
-- (channel vim or neighbourhood_meeting) point at it.
CREATE TABLE field_visits (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,
  neighbourhood_id BIGINT NOT NULL REFERENCES neighbourhoods(id),
  date TEXT NOT NULL,
  place TEXT NOT NULL,
  notes TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL REFERENCES users(id),
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX field_visits_date ON field_visits (date, id);
CREATE INDEX field_visits_neighbourhood ON field_visits (neighbourhood_id, date);
ALTER TABLE submissions ADD COLUMN visit_id BIGINT REFERENCES field_visits(id);
CREATE INDEX submissions_visit ON submissions (visit_id) WHERE visit_id IS NOT NULL;
