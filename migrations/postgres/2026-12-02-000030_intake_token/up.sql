-- A request staff record for a caller is sent once however often the form is sent: its form
-- token is unique per staff member who recorded it (citizens' own are unique per author).
CREATE UNIQUE INDEX submissions_intake_token ON submissions (recorded_by, client_token)
  WHERE author_id IS NULL AND client_token IS NOT NULL;
