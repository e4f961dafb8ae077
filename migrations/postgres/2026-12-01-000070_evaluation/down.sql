DROP TABLE decisions;
DROP TABLE round_scores;
DROP TABLE round_members;
DROP TABLE evaluation_rounds;
DROP TABLE rubric_criteria;
DROP TABLE rubrics;
