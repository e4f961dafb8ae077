//! The server of İnegöl'ün Fikri. The folders show the architecture:
//! `http/` (what every request passes: who is asking, same-origin writes, rate limits, sessions,
//! the page cache), `api/` (the JSON API) and `forms/` (the web forms' posts, mirroring `api/`),
//! both calling the services of the `app` crate; `media/` (photos and videos), `cli/` (the
//! command line and the seed generator); `router.rs` puts every route and layer together over
//! the shared `state.rs`.
pub mod api;
pub mod cli;
pub mod config;
pub mod forms;
pub mod http;
pub mod media;
pub mod pages;
pub mod router;
pub mod state;
pub mod telemetry;
