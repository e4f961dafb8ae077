-- The caller's previous requests (issue 11): the contact given at intake, written one way (an
-- e-mail address in lower case, a phone number as its ten national digits), so staff find a
-- caller's requests however the number was typed. Filled at intake, and at start for older rows.
ALTER TABLE submission_contacts ADD COLUMN contact_key TEXT;
CREATE INDEX submission_contacts_key ON submission_contacts (contact_key) WHERE contact_key IS NOT NULL;
