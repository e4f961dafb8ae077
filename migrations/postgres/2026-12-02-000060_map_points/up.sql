-- The public map (issue 11): located submissions by their point, so a small box reads only the
-- points inside it.
CREATE INDEX submissions_located ON submissions (lat, lon, id) WHERE lat IS NOT NULL AND lon IS NOT NULL;
