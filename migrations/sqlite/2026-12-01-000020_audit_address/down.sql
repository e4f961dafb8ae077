DROP INDEX audit_log_actor;
DROP INDEX audit_log_action;
ALTER TABLE audit_log DROP COLUMN addr;
