DROP INDEX submission_contacts_key;
ALTER TABLE submission_contacts DROP COLUMN contact_key;
