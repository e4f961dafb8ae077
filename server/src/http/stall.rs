//! The safety net for a page render that stalls (see `retry_stalled_renders`).
use axum::extract::{ConnectInfo, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

/// How long a page render may take before it is started again.
pub const RENDER_RETRY_AFTER: std::time::Duration = std::time::Duration::from_secs(5);

/// Works around a Leptos 0.8 race (upstream leptos-rs/leptos#4851, #4647): now and then a
/// server render whose resources have all resolved never finishes. About one page request in
/// several hundred hung that way here. A GET carries no body and changes nothing, so when its
/// answer has not come within `RENDER_RETRY_AFTER` it is rendered again, once, from a fresh
/// session read (this layer sits outside the session layer, so a flash the stalled render took
/// is still there). A second stall answers 503 rather than holding the connection open.
pub async fn retry_stalled_renders(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let is_page =
        !(path.starts_with("/pkg/") || path.starts_with("/api/") || path.starts_with("/_sf/") || path.contains('.'));
    if req.method() != Method::GET || !is_page {
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
    tracing::warn!(path = %again.uri().path(), "a page render stalled; rendering it again");
    match tokio::time::timeout(RENDER_RETRY_AFTER * 2, next.run(again)).await {
        Ok(res) => res,
        Err(_) => {
            tracing::error!("a page render stalled twice");
            axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}
