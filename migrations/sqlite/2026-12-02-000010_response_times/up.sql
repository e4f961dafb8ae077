-- Response times in working hours (issue 11): per service-request kind, the first-response
-- target (working hours) and the resolution target (working days); the holiday calendar
-- (installed from reference/turkey-holidays-2026-2027.csv when the table is first empty, then
-- edited by admins; the working hours are settings). Each request keeps the due times computed
-- at receipt (the promise made then) and when it was first answered and resolved.
CREATE TABLE response_targets (
  kind TEXT PRIMARY KEY NOT NULL,
  first_response_hours BIGINT NOT NULL,
  resolution_days BIGINT NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
INSERT INTO response_targets (kind, first_response_hours, resolution_days, updated_at) VALUES
  ('complaint', 4, 10, '2026-12-02 00:00:00'),
  ('request', 8, 15, '2026-12-02 00:00:00'),
  ('information_request', 8, 15, '2026-12-02 00:00:00');
-- One row per local date (YYYY-MM-DD); a half day closes early (an eve).
CREATE TABLE holidays (
  date TEXT PRIMARY KEY NOT NULL,
  name_tr TEXT NOT NULL,
  name_en TEXT NOT NULL,
  kind TEXT NOT NULL,
  half_day BOOLEAN NOT NULL
);
ALTER TABLE submissions ADD COLUMN first_response_due_at TIMESTAMP;
ALTER TABLE submissions ADD COLUMN resolution_due_at TIMESTAMP;
ALTER TABLE submissions ADD COLUMN first_response_at TIMESTAMP;
ALTER TABLE submissions ADD COLUMN resolved_at TIMESTAMP;
-- The statistics read service requests by month of receipt.
CREATE INDEX submissions_received ON submissions (created_at) WHERE first_response_due_at IS NOT NULL;
