DROP TRIGGER submissions_fts_insert;
DROP TRIGGER submissions_fts_delete;
DROP TRIGGER submissions_fts_update;
DROP TABLE submissions_title_fts;
DROP TABLE submissions_fts;

CREATE VIRTUAL TABLE submissions_fts USING fts5(
  search_title, search_body, content='submissions', content_rowid='id', prefix='2 3 4 5 6'
);
INSERT INTO submissions_fts (submissions_fts) VALUES ('rebuild');
CREATE TRIGGER submissions_fts_insert AFTER INSERT ON submissions WHEN new.status <> 'draft' BEGIN
  INSERT INTO submissions_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;
CREATE TRIGGER submissions_fts_delete AFTER DELETE ON submissions WHEN old.status <> 'draft' BEGIN
  INSERT INTO submissions_fts (submissions_fts, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
END;
CREATE TRIGGER submissions_fts_update_out AFTER UPDATE OF search_title, search_body, status ON submissions
  WHEN old.status <> 'draft' BEGIN
  INSERT INTO submissions_fts (submissions_fts, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
END;
CREATE TRIGGER submissions_fts_update_in AFTER UPDATE OF search_title, search_body, status ON submissions
  WHEN new.status <> 'draft' BEGIN
  INSERT INTO submissions_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
END;
