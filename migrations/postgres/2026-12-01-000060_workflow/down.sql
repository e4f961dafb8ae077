DROP TRIGGER submission_events_no_truncate ON submission_events;
DROP TRIGGER submission_events_no_change ON submission_events;
DROP FUNCTION submission_events_append_only();
ALTER TABLE submission_events DROP COLUMN actor_directorate_id;
ALTER TABLE users DROP COLUMN directorate_id;
