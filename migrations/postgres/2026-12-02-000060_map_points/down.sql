DROP INDEX submissions_located;
