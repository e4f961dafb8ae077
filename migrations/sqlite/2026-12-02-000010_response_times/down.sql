DROP INDEX submissions_received;
ALTER TABLE submissions DROP COLUMN resolved_at;
ALTER TABLE submissions DROP COLUMN first_response_at;
ALTER TABLE submissions DROP COLUMN resolution_due_at;
ALTER TABLE submissions DROP COLUMN first_response_due_at;
DROP TABLE holidays;
DROP TABLE response_targets;
