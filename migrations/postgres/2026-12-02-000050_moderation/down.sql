CREATE OR REPLACE FUNCTION submissions_search_sync() RETURNS trigger AS $$
BEGIN
  IF NEW.status = 'draft' THEN
    DELETE FROM submission_search WHERE submission_id = NEW.id;
  ELSE
    INSERT INTO submission_search (submission_id, search_vector, title_vector)
      VALUES (NEW.id, setweight(to_tsvector('simple', NEW.search_title), 'A')
                   || setweight(to_tsvector('simple', NEW.search_body), 'B'),
              to_tsvector('simple', NEW.search_title))
      ON CONFLICT (submission_id)
        DO UPDATE SET search_vector = EXCLUDED.search_vector, title_vector = EXCLUDED.title_vector;
  END IF;
  RETURN NULL;
END
$$ LANGUAGE plpgsql;
DROP TRIGGER submissions_search_sync ON submissions;
CREATE TRIGGER submissions_search_sync AFTER INSERT OR UPDATE OF search_title, search_body, status ON submissions
  FOR EACH ROW EXECUTE FUNCTION submissions_search_sync();
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
