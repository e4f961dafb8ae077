//! What every request passes through before and after its handler: who is asking
//! (`caller`), same-origin writes and the client's address (`security`), rate limits
//! (`limits`, counted in `windows`), the database-backed session store (`session_store`), the visitors' page cache
//! (`page_cache`), the safety net for stalled renders (`stall`), and running every request to
//! its end when the client leaves (`finish`).
pub mod caller;
pub mod finish;
pub mod limits;
pub mod page_cache;
pub mod security;
pub mod session_store;
pub mod stall;
pub mod windows;
