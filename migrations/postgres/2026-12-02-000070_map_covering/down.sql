DROP INDEX submissions_located;
CREATE INDEX submissions_located ON submissions (lat, lon, id) WHERE lat IS NOT NULL AND lon IS NOT NULL;
