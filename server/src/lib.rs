//! The server of İnegöl'ün Fikri: configuration, the router (pages, form posts, JSON API),
//! the database-backed session store, security middleware and the command line.
pub mod api;
pub mod cli;
pub mod config;
pub mod media;
pub mod page_cache;
pub mod rate_limit;
pub mod router;
pub mod security;
pub mod seed;
pub mod session_store;
pub mod telemetry;
pub mod web;
pub mod web_admin;
pub mod web_submissions;
