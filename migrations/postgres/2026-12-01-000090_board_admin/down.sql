ALTER TABLE media DROP COLUMN phase;
ALTER TABLE evaluation_rounds DROP COLUMN committee_id;
DROP TABLE committee_members;
DROP TABLE committees;
