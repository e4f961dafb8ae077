//! Cross-site request protection and client addresses.
//!
//! Every state-changing request (POST, PUT, PATCH, DELETE) must come from our own pages: when
//! the browser names the origin (`Origin`, sent on every cross-origin and every form POST by
//! current browsers) it must be this site's; when it only says `Sec-Fetch-Site: cross-site`,
//! the request is refused. Clients that send neither (curl, the black-box API tests) are not
//! browsers and carry no ambient cookies of a victim. The session cookie is also SameSite=Lax.
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;

use crate::api::error::ApiError;
use crate::router::AppState;

pub async fn same_origin_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if writes && !is_same_origin(&req, &state.public_url) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "refused a cross-site request");
        let locale = crate::api::error::request_locale(req.headers());
        return ApiError::cross_site(locale).into_response();
    }
    next.run(req).await
}

fn is_same_origin(req: &Request, public_url: &str) -> bool {
    let headers = req.headers();
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        if origin == "null" {
            return false;
        }
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
        return origin == public_url || (!host.is_empty() && origin_host == host);
    }
    !matches!(headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()), Some("cross-site"))
}

/// The client's address: the socket peer, or the first X-Forwarded-For entry when configured.
pub fn client_ip(
    req_headers: &axum::http::HeaderMap,
    connect: Option<&ConnectInfo<SocketAddr>>,
    trust_forwarded: bool,
) -> String {
    if trust_forwarded {
        if let Some(first) = req_headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            return first.to_owned();
        }
    }
    connect.map(|c| c.0.ip().to_string()).unwrap_or_else(|| "unknown".to_owned())
}

/// Extractor for the client address, following the configured proxy trust.
pub struct ClientIp(pub String);

impl axum::extract::FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let connect = parts.extensions.get::<ConnectInfo<SocketAddr>>();
        Ok(ClientIp(client_ip(&parts.headers, connect, state.serve.trust_forwarded_for)))
    }
}

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
