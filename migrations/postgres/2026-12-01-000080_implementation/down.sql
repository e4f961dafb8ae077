DROP TABLE implementations;
DROP TABLE milestones;
