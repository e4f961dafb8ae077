DROP INDEX submissions_visit;
ALTER TABLE submissions DROP COLUMN visit_id;
DROP TABLE field_visits;
