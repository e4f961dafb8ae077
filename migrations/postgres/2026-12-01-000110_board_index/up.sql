-- The public board (issue 10) lists each stage's most recently moved proposals: without this
-- index every stage sorted all its rows (measured on the 20k city: 16 ms → 4 ms a board).
CREATE INDEX submissions_stage ON submissions (status, updated_at, id);
