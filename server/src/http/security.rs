//! Cross-site request protection and the client's address.
//!
//! Every state-changing request (POST, PUT, PATCH, DELETE) must come from our own pages: when
//! the browser names the origin (`Origin`, sent with every form POST and every cross-origin
//! request by current browsers) it must be this site's; `Sec-Fetch-Site: cross-site` is refused.
//! A write that carries the session cookie but says neither where it comes from is refused too:
//! a browser always says, and other clients either send `Origin` or sign their requests with a
//! personal API token instead of a cookie. The session cookie is also SameSite=Lax.
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::net::{IpAddr, SocketAddr};

use crate::api::error::ApiError;
use crate::state::AppState;

/// The name of the session cookie over plain http (development, tests).
pub const SESSION_COOKIE: &str = "fikir_session";
/// Its name when the site is served over https: the `__Host-` prefix makes browsers accept it only
/// with `Secure`, `Path=/` and no `Domain`, so no other host (a subdomain) can set or shadow it.
pub const SECURE_SESSION_COOKIE: &str = "__Host-fikir_session";

/// The session cookie's name for a site reached at `public_url`.
pub fn session_cookie_name(public_url: &str) -> &'static str {
    if public_url.starts_with("https://") {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// Gives each page request the map's tiles in use (from memory, read again every 30 s), so the
/// page's Content-Security-Policy, written by `app::shell`, allows exactly their host.
pub async fn tiles_for_pages(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let page = matches!(*req.method(), Method::GET | Method::HEAD)
        && !["/api/", "/_sf/", "/pkg/", "/vendor/", "/media/"].iter().any(|p| path.starts_with(p));
    if page {
        match app::map::service::tiles(&state.pool).await {
            Ok(tiles) => {
                req.extensions_mut().insert(tiles);
            }
            // The page goes on without tiles; the database's fault shows where it matters.
            Err(e) => tracing::warn!(error = %e, "the map's tiles could not be read"),
        }
    }
    next.run(req).await
}

pub async fn same_origin_writes(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if writes && !is_same_origin(req.headers(), &state.public_url) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "refused a cross-site request");
        return ApiError::cross_site().into_response();
    }
    next.run(req).await
}

/// True when any `Cookie` header carries the session cookie.
pub fn has_session_cookie(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(';').any(|c| c.trim().split_once('=').is_some_and(|(name, _)| name.trim() == SESSION_COOKIE)))
}

fn is_same_origin(headers: &HeaderMap, public_url: &str) -> bool {
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        if origin == "null" {
            return false;
        }
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or(origin);
        return origin == public_url || (!host.is_empty() && origin_host == host);
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some("cross-site") => false,
        Some(_) => true,
        // Neither header: not a browser. Fine without our cookie, refused with it.
        None => !has_session_cookie(headers),
    }
}

/// The address a request comes from: the socket peer, or, behind trusted proxies, the address
/// the outermost of them saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    /// The address as rate limits count it: IPv4 addresses one by one, IPv6 by /64 (one
    /// household or phone gets a whole /64 and can change addresses inside it at will).
    pub fn rate_key(&self) -> String {
        match self.0.map(canonical) {
            Some(IpAddr::V4(v4)) => v4.to_string(),
            Some(IpAddr::V6(v6)) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
            None => "unknown".to_owned(),
        }
    }
}

impl std::fmt::Display for ClientAddr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0.map(canonical) {
            Some(ip) => write!(f, "{ip}"),
            None => f.write_str("unknown"),
        }
    }
}

/// `::ffff:1.2.3.4` is the IPv4 address 1.2.3.4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 => v4,
    }
}

/// The client's address. `trusted_proxies` is how many proxies of ours stand in front of the
/// server (0: none, the socket peer is the client). Each proxy appends the address it received
/// the request from to `X-Forwarded-For`, so the client is the entry that many places from the
/// right; anything further left was written by the client and proves nothing.
pub fn client_addr(headers: &HeaderMap, peer: Option<IpAddr>, trusted_proxies: u32) -> ClientAddr {
    if trusted_proxies == 0 {
        return ClientAddr(peer);
    }
    let entries: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let n = trusted_proxies as usize;
    // Fewer entries than proxies: the request skipped some of them; the left-most is the best
    // we have, and it was still added by one of ours.
    let pick = entries.len().checked_sub(n).map_or(entries.first(), |i| entries.get(i));
    ClientAddr(pick.and_then(|s| parse_forwarded(s)).or(peer))
}

/// An `X-Forwarded-For` entry: an address, maybe with a port (`1.2.3.4:5678`, `[2001:db8::1]:80`).
fn parse_forwarded(entry: &str) -> Option<IpAddr> {
    if let Ok(ip) = entry.parse::<IpAddr>() {
        return Some(ip);
    }
    if let Ok(sock) = entry.parse::<SocketAddr>() {
        return Some(sock.ip());
    }
    entry.trim_start_matches('[').trim_end_matches(']').parse().ok()
}

impl axum::extract::FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        Ok(client_addr(&parts.headers, peer, state.serve.proxies()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", HeaderValue::from_str(v).unwrap_or(HeaderValue::from_static("")));
        }
        h
    }

    #[test]
    fn the_client_is_the_entry_our_proxies_added_not_what_the_client_wrote() {
        let peer = Some("10.0.0.5".parse().unwrap_or(IpAddr::from([0, 0, 0, 0])));
        let forged = xff(&["1.1.1.1, 203.0.113.7"]);
        assert_eq!(client_addr(&forged, peer, 0).to_string(), "10.0.0.5", "no proxies: the peer");
        assert_eq!(client_addr(&forged, peer, 1).to_string(), "203.0.113.7", "one proxy: the right-most");
        assert_eq!(client_addr(&forged, peer, 2).to_string(), "1.1.1.1", "two proxies: the one before");
        assert_eq!(
            client_addr(&xff(&["9.9.9.9", "203.0.113.7"]), peer, 1).to_string(),
            "203.0.113.7",
            "several headers"
        );
        assert_eq!(client_addr(&xff(&["not an address"]), peer, 1).to_string(), "10.0.0.5");
        assert_eq!(client_addr(&xff(&["[2001:db8::1]:443"]), peer, 1).to_string(), "2001:db8::1");
        assert_eq!(client_addr(&HeaderMap::new(), peer, 1).to_string(), "10.0.0.5");
    }

    #[test]
    fn ipv6_addresses_count_by_their_64_prefix() {
        let a = ClientAddr(Some("2001:db8:1:2:aaaa::1".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))));
        let b = ClientAddr(Some("2001:db8:1:2:ffff:1:2:3".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))));
        let c = ClientAddr(Some("2001:db8:1:3::1".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))));
        assert_eq!(a.rate_key(), b.rate_key());
        assert_ne!(a.rate_key(), c.rate_key());
        let mapped = ClientAddr(Some("::ffff:192.0.2.1".parse().unwrap_or(IpAddr::from([0, 0, 0, 0]))));
        assert_eq!(mapped.rate_key(), "192.0.2.1");
    }

    #[test]
    fn a_cookie_write_must_say_where_it_comes_from() {
        let mut h = HeaderMap::new();
        assert!(is_same_origin(&h, "http://x"), "no cookie, no browser: nothing ambient to abuse");
        h.append(header::COOKIE, HeaderValue::from_static(";"));
        h.append(header::COOKIE, HeaderValue::from_static("a=1; fikir_session=abc"));
        assert!(!is_same_origin(&h, "http://x"), "the session cookie without Origin or Sec-Fetch-Site");
        h.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        assert!(is_same_origin(&h, "http://x"));
        h.insert(header::ORIGIN, HeaderValue::from_static("http://evil.example"));
        assert!(!is_same_origin(&h, "http://x"));
    }
}
