-- The review board's workflow (issue 10). The event log is append-only, and the database itself
-- says so: an UPDATE, DELETE or TRUNCATE of events is refused, whatever sends it. Events name
-- the directorate of the staff member who acted; staff belong to a directorate.
ALTER TABLE users ADD COLUMN directorate_id BIGINT REFERENCES directorates(id);
ALTER TABLE submission_events ADD COLUMN actor_directorate_id BIGINT REFERENCES directorates(id);

CREATE FUNCTION submission_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'submission_events is append-only';
END
$$;
CREATE TRIGGER submission_events_no_change BEFORE UPDATE OR DELETE ON submission_events
  FOR EACH ROW EXECUTE FUNCTION submission_events_append_only();
CREATE TRIGGER submission_events_no_truncate BEFORE TRUNCATE ON submission_events
  FOR EACH STATEMENT EXECUTE FUNCTION submission_events_append_only();
