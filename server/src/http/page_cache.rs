//! A few seconds' cache of the public listing and board pages (browsing, not searching) as visitors
//! without a session get them: the public watching what happens to ideas is most of the traffic.
//! The same page for the same address and language is rendered once per `TTL`; each answer still
//! gets its own CSP nonce (the cached page's nonce is replaced in the body and the header). Any
//! write through this server empties the cache at once, so what changes here shows at once;
//! other servers' changes show within the TTL, like the listing totals. Signed-in people, and
//! anyone with a session (a form's typed values, a notice), always get a fresh render.
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TTL: Duration = Duration::from_secs(3);
/// Bytes of pages kept at most; past it the expired ones go, then all.
const MAX_BYTES: usize = 16 * 1024 * 1024;
/// Pages larger than this are not kept.
const MAX_PAGE: usize = 512 * 1024;

struct Entry {
    at: Instant,
    body: Bytes,
    nonce: String,
    csp: String,
    content_type: HeaderValue,
}

#[derive(Clone, Default)]
pub struct PageCache {
    entries: Arc<Mutex<(HashMap<String, Entry>, usize)>>,
}

impl PageCache {
    fn get(&self, key: &str) -> Option<(Bytes, String, String, HeaderValue)> {
        let entries = self.entries.lock().ok()?;
        let e = entries.0.get(key).filter(|e| e.at.elapsed() < TTL)?;
        Some((e.body.clone(), e.nonce.clone(), e.csp.clone(), e.content_type.clone()))
    }

    fn put(&self, key: String, entry: Entry) {
        let Ok(mut guard) = self.entries.lock() else { return };
        let (map, bytes) = &mut *guard;
        if *bytes + entry.body.len() > MAX_BYTES {
            map.retain(|_, e| e.at.elapsed() < TTL);
            *bytes = map.values().map(|e| e.body.len()).sum();
            if *bytes + entry.body.len() > MAX_BYTES {
                map.clear();
                *bytes = 0;
            }
        }
        *bytes += entry.body.len();
        if let Some(old) = map.insert(key, entry) {
            *bytes -= old.body.len();
        }
    }

    pub fn clear(&self) {
        if let Ok(mut guard) = self.entries.lock() {
            guard.0.clear();
            guard.1 = 0;
        }
    }
}

/// The pages kept: the listing and the public board of proposals by stage.
const CACHED_PAGES: [&str; 2] = ["/submissions", "/board"];

/// The cache key of a request that may be served from the cache: the listing and board pages,
/// for a visitor without a session; the language inputs are part of the key.
fn key_of(req: &Request) -> Option<String> {
    if req.method() != Method::GET || !CACHED_PAGES.contains(&req.uri().path()) {
        return None;
    }
    // Searches are too varied to share: only browsing (filters, sort, pages) is kept.
    let searching = req.uri().query().unwrap_or("").split('&').any(|p| p.starts_with("q=") && p.len() > 2);
    if searching {
        return None;
    }
    let headers = req.headers();
    let mut locale = "";
    // Every Cookie header counts (HTTP/2 clients send one per cookie; anyone may send several):
    // a session in the second one is still a session.
    for value in headers.get_all(header::COOKIE) {
        let cookies = value.to_str().ok()?;
        for c in cookies.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            match c.split_once('=') {
                Some(("i18n_pref_locale", v)) => locale = v,
                // Any other cookie may be a session: render for it.
                _ => return None,
            }
        }
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    Some(format!("{}|{locale}|{accept}", req.uri()))
}

fn fresh_nonce() -> String {
    use base64::Engine;
    let bytes: [u8; 16] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn nonce_in(csp: &str) -> Option<&str> {
    let start = csp.find("'nonce-")? + "'nonce-".len();
    let len = csp[start..].find('\'')?;
    Some(&csp[start..start + len]).filter(|n| n.len() >= 16)
}

fn answer(body: Bytes, csp: &str, content_type: HeaderValue, hit: bool) -> Response {
    let mut res = Response::new(Body::from(body));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type);
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert("x-page-cache", HeaderValue::from_static(if hit { "hit" } else { "miss" }));
    res
}

pub async fn serve(State(cache): State<PageCache>, req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let Some(key) = key_of(&req) else {
        let res = next.run(req).await;
        if writes {
            cache.clear();
        }
        return res;
    };
    if let Some((body, old, csp, content_type)) = cache.get(&key) {
        let nonce = fresh_nonce();
        let text = String::from_utf8_lossy(&body).replace(&old, &nonce);
        return answer(Bytes::from(text), &csp.replace(&old, &nonce), content_type, true);
    }
    let res = next.run(req).await;
    let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let keep = res.status() == StatusCode::OK && !res.headers().contains_key(header::SET_COOKIE);
    let (Some(csp), true) = (csp, keep) else { return res };
    let Some(nonce) = nonce_in(&csp).map(str::to_owned) else { return res };
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
    let (parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if body.len() <= MAX_PAGE {
        let entry = Entry {
            at: Instant::now(),
            body: body.clone(),
            nonce,
            csp: csp.clone(),
            content_type: content_type.clone(),
        };
        cache.put(key, entry);
    }
    answer(body, &csp, content_type, false)
}
