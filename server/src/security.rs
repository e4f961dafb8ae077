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
