-- The public map (issue 11): the located submissions' index holds everything a map's feature
-- shows and the filters it is asked with most (kind, status), so a box is answered by an
-- index-only scan, never from the rows (each holds its whole text).
DROP INDEX submissions_located;
CREATE INDEX submissions_located ON submissions (lat, lon, kind, status, id) INCLUDE (reference, title)
    WHERE lat IS NOT NULL AND lon IS NOT NULL;
