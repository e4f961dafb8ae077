DROP INDEX submissions_assignee;
DROP INDEX submissions_queue;
ALTER TABLE submissions DROP COLUMN assignee_id;
