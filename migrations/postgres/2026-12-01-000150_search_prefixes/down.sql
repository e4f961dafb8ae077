CREATE INDEX submission_search_vector ON submission_search USING GIN (search_vector);
CREATE INDEX submission_search_title ON submission_search USING GIN (title_vector);
ALTER TABLE submission_search DROP COLUMN prefixes, DROP COLUMN title_prefixes;
DROP FUNCTION search_prefixes(tsvector);
