-- The address a staff or admin action came from (the client address as the server sees it, behind
-- trusted proxies the one they report), and indexes for the admin page's filters.
ALTER TABLE audit_log ADD COLUMN addr TEXT;
CREATE INDEX audit_log_action ON audit_log (action, at);
CREATE INDEX audit_log_actor ON audit_log (actor_id, at);
