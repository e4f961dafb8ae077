-- Search at city scale (issue 9 F). Three changes, measured on 200,000 submissions:
-- * Prefix indexes up to 12 letters (were 2–6). A longer word ("bekliyoruz") was answered by
--   merging the posting lists of every word it begins, up front: 9 ms for a word found in every
--   submission, against 0.2–1 ms from a prefix index. Query words are cut to 12 letters
--   (`domain::text::MAX_TERM_CHARS`), so every search word is one prefix-index lookup.
-- * Titles get an index of their own. "Title has every word" was a column filter on the
--   combined index, which reads every position of every match: 3–5 ms for a word that is in
--   every body and no title. The title index holds titles only.
-- * The indexes keep which column a word is in, not its positions (`detail=column`; the title
--   index not even that, `detail=none`): no search here needs positions (no phrases), and
--   walking the posting lists of two common words that rarely meet took 1.7 ms, now 1.0 ms.
--   The combined index is 103 MB instead of 162 MB.
DROP TRIGGER submissions_fts_insert;
DROP TRIGGER submissions_fts_delete;
DROP TRIGGER submissions_fts_update_out;
DROP TRIGGER submissions_fts_update_in;
DROP TABLE submissions_fts;

CREATE VIRTUAL TABLE submissions_fts USING fts5(
  search_title, search_body, content='submissions', content_rowid='id', prefix='2 3 4 5 6 7 8 9 10 11 12',
  detail=column
);
CREATE VIRTUAL TABLE submissions_title_fts USING fts5(
  search_title, content='submissions', content_rowid='id', prefix='2 3 4 5 6 7 8 9 10 11 12', detail=none
);
INSERT INTO submissions_fts (submissions_fts) VALUES ('rebuild');
INSERT INTO submissions_title_fts (submissions_title_fts) VALUES ('rebuild');

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
