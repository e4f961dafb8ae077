DROP TRIGGER submission_events_no_delete;
DROP TRIGGER submission_events_no_update;
ALTER TABLE submission_events DROP COLUMN actor_directorate_id;
ALTER TABLE users DROP COLUMN directorate_id;
