//! The safety net for a page render that stalls (see `retry_stalled_renders`), counted in
//! `AppState::stalled_renders` and logged as an error: the tests assert it is never used.
use crate::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// How long a page render may take before it is started again.
pub const RENDER_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// The stalls it was written for had one cause, now removed: Leptos suppresses resource loading
/// with one process-wide flag while a route list is generated, and every router built generated
/// one, so a render in the same process at that moment waited for ever (see
/// `router::route_list`). What remains is a net, not a fix: a GET carries no body and changes
/// nothing, so when its answer has not come within `RENDER_RETRY_AFTER` it is rendered again,
/// once, from a fresh session read (this layer sits outside the session layer, so a flash the
/// stalled render took is still there); each use is counted and logged as an error. A second
/// stall answers 503 rather than holding the connection open.
pub async fn retry_stalled_renders(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::GET || !super::is_page_path(req.uri().path()) {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let again = {
        let mut b = axum::http::Request::builder().method(parts.method.clone()).uri(parts.uri.clone());
        if let Some(h) = b.headers_mut() {
            *h = parts.headers.clone();
        }
        let mut r = b.body(axum::body::Body::empty()).unwrap_or_default();
        if let Some(ci) = parts.extensions.get::<ConnectInfo<SocketAddr>>() {
            r.extensions_mut().insert(*ci);
        }
        r
    };
    let first = Request::from_parts(parts, body);
    if let Ok(res) = tokio::time::timeout(RENDER_RETRY_AFTER, next.clone().run(first)).await {
        return res;
    }
    let stalls = state.stalled_renders.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    tracing::error!(path = %again.uri().path(), stalls, "a page render stalled; rendering it again");
    match tokio::time::timeout(RENDER_RETRY_AFTER * 2, next.run(again)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::error!("a page render stalled twice");
            axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
