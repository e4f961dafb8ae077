DROP TRIGGER submissions_fts_insert;
DROP TRIGGER submissions_fts_delete;
DROP TRIGGER submissions_fts_update;
CREATE TRIGGER submissions_fts_insert AFTER INSERT ON submissions BEGIN
  INSERT INTO submissions_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
  INSERT INTO submissions_title_fts (rowid, search_title) VALUES (new.id, new.search_title);
END;
CREATE TRIGGER submissions_fts_delete AFTER DELETE ON submissions BEGIN
  INSERT INTO submissions_fts (submissions_fts, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
  INSERT INTO submissions_title_fts (submissions_title_fts, rowid, search_title)
    VALUES ('delete', old.id, old.search_title);
END;
CREATE TRIGGER submissions_fts_update AFTER UPDATE OF search_title, search_body ON submissions BEGIN
  INSERT INTO submissions_fts (submissions_fts, rowid, search_title, search_body)
    VALUES ('delete', old.id, old.search_title, old.search_body);
  INSERT INTO submissions_fts (rowid, search_title, search_body) VALUES (new.id, new.search_title, new.search_body);
  INSERT INTO submissions_title_fts (submissions_title_fts, rowid, search_title)
    VALUES ('delete', old.id, old.search_title);
  INSERT INTO submissions_title_fts (rowid, search_title) VALUES (new.id, new.search_title);
END;
DROP TABLE submission_merges;
DROP TABLE user_blocks;
ALTER TABLE users DROP COLUMN blocked_until;
DROP TABLE moderation_words;
DROP TABLE moderation_actions;
DROP INDEX flags_open;
ALTER TABLE flags DROP COLUMN reviewed_at;
ALTER TABLE flags DROP COLUMN detail;
DROP INDEX comments_moderated;
DROP INDEX submissions_moderated;
ALTER TABLE comments DROP COLUMN moderation;
ALTER TABLE submissions DROP COLUMN moderation;
