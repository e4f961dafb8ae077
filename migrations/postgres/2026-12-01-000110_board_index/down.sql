DROP INDEX submissions_stage;
