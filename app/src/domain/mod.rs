//! Pure rules, no IO, compiled for both the server and the browser: what a valid account looks
//! like, which roles exist, the kinds and statuses of submissions and how a status may move, the
//! public reference code, how Turkish text folds for search, when a request is due in working
//! time. Nothing here touches the database.
pub mod accounts;
pub mod codes;
pub mod evaluation;
pub mod geo;
pub mod grid;
pub mod moderation;
pub mod response_times;
pub mod roles;
pub mod submissions;
pub mod text;
pub mod workflow;
pub mod working_time;
