DROP INDEX submissions_intake_token;
