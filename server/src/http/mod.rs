//! What every request passes through before and after its handler: who is asking
//! (`caller`), same-origin writes and the client's address (`security`), rate limits
//! (`limits`, counted in `windows`), the database-backed session store (`session_store`), the visitors' page cache
//! (`page_cache`), the safety net for stalled renders (`stall`), and running every request to
//! its end when the client leaves (`finish`).
/// Whether a path is a page's (not a site file, the API or a server function).
pub fn is_page_path(path: &str) -> bool {
    !(path.starts_with("/pkg/") || path.starts_with("/api/") || path.starts_with("/_sf/") || path.contains('.'))
}

pub mod caller;
pub mod finish;
pub mod limits;
pub mod page_cache;
pub mod security;
pub mod session_store;
pub mod stall;
pub mod windows;
