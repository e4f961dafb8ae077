-- The review board's workflow (issue 10). The event log is append-only, and the database itself
-- says so: an UPDATE or DELETE of an event is refused, whatever sends it. Events name the
-- directorate of the staff member who acted; staff belong to a directorate.
ALTER TABLE users ADD COLUMN directorate_id BIGINT REFERENCES directorates(id);
ALTER TABLE submission_events ADD COLUMN actor_directorate_id BIGINT REFERENCES directorates(id);

CREATE TRIGGER submission_events_no_update BEFORE UPDATE ON submission_events
BEGIN
  SELECT RAISE(ABORT, 'submission_events is append-only');
END;
CREATE TRIGGER submission_events_no_delete BEFORE DELETE ON submission_events
BEGIN
  SELECT RAISE(ABORT, 'submission_events is append-only');
END;
