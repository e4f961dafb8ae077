-- Routing (issue 11): the officer a service request is assigned to, within its directorate
-- (`submissions.directorate_id`, set from the category and changed by routing); each
-- directorate's queue and each officer's "assigned to me" read these indexes.
ALTER TABLE submissions ADD COLUMN assignee_id BIGINT REFERENCES users(id);
CREATE INDEX submissions_queue ON submissions (directorate_id, status, created_at, id);
CREATE INDEX submissions_assignee ON submissions (assignee_id, status, created_at, id);
