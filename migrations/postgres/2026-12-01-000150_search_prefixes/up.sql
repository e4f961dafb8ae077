-- Every prefix of every word (2 to 12 letters) is a lexeme of its own, like SQLite's prefix
-- indexes (`000050_search_indexes` there), so a typed word is one exact GIN key with real
-- statistics instead of a partial match (`word:*`) that merges the posting lists of every word
-- it begins and that the planner cannot estimate. Query words are cut to 12 letters
-- (`domain::text::MAX_TERM_CHARS`), so `prefixes @@ 'kal & cuk'` finds exactly what
-- `search_vector @@ 'kal:* & cuk:*'` finds. Counting a search up to 1,001 on 200,000
-- submissions (pgbench, loaded machine, planned per search): two common words that rarely meet
-- 1.0 ms (was 5-22), a neighbourhood and a word 0.6 ms (4.5), a common word 4 ms (6), a short
-- prefix 6 ms (34), a word in nearly every submission 1 ms (65). The GIN index is 71 MB instead
-- of 19 MB; the table with its indexes takes 565 MB instead of 136 MB.
-- The prefix vectors hold no positions or weights; `search_vector` and `title_vector` stay for
-- what reads a row's words one row at a time (a tier of many matches read newest first, the
-- ranking of similar submissions), and lose their GIN indexes, which nothing uses any more.
CREATE FUNCTION search_prefixes(v tsvector) RETURNS tsvector
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(DISTINCT left(w, n))), ''::tsvector)
    FROM unnest(tsvector_to_array(v)) w, generate_series(2, least(12, length(w))) n
  $$;

-- Kept in the row (`STORAGE MAIN`), not in the TOAST table: a word in nearly every submission
-- is counted by reading rows in order until the count's cap, and fetching each row's vector
-- from TOAST took 10 ms for 1,001 rows (2 ms from the row).
ALTER TABLE submission_search
  ADD COLUMN prefixes tsvector GENERATED ALWAYS AS (search_prefixes(search_vector)) STORED,
  ADD COLUMN title_prefixes tsvector GENERATED ALWAYS AS (search_prefixes(title_vector)) STORED,
  ALTER COLUMN prefixes SET STORAGE MAIN,
  ALTER COLUMN title_prefixes SET STORAGE MAIN;
CREATE INDEX submission_search_prefixes ON submission_search USING GIN (prefixes);
CREATE INDEX submission_search_title_prefixes ON submission_search USING GIN (title_prefixes);
DROP INDEX submission_search_vector;
DROP INDEX submission_search_title;
ANALYZE submission_search;
