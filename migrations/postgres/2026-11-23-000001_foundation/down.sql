DROP TABLE neighbourhoods;
DROP TABLE categories;
DROP TABLE directorates;
DROP TABLE audit_log;
DROP TABLE sessions;
DROP TABLE user_roles;
DROP TABLE users;
