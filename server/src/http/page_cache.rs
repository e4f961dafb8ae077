//! A few seconds' cache of the public listing and board pages (browsing, not searching): the
//! public watching what happens to ideas is most of the traffic. The same page for the same
//! address and language is rendered once per `TTL`; each answer still gets its own CSP nonce (the
//! cached page's nonce is replaced in the body and the header). Any write through this server
//! empties the cache at once, so what changes here shows at once; other servers' changes show
//! within the TTL, like the listing totals.
//!
//! These pages differ between people only by the menu (`app::ui::nav`), so a signed-in person
//! gets the visitors' copy with their own menu put in (their name, roles and unread count are
//! read fresh for each request, in one trip to the database), marked `x-page-cache: menu`. A
//! session that carries a notice or a form's typed values for the next page, and any cookie that
//! is not ours, get a full render.
use app::db::Pool;
use app::session::ssr::{menu_of_session, MenuOfSession};
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

#[derive(Clone)]
pub struct PageCache {
    entries: Arc<Mutex<(HashMap<String, Entry>, usize)>>,
    /// For reading a signed-in person's session and menu.
    pool: Pool,
    /// The name of the session cookie.
    session_cookie: &'static str,
}

impl PageCache {
    pub fn new(pool: Pool, session_cookie: &'static str) -> Self {
        PageCache { entries: Arc::default(), pool, session_cookie }
    }

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

/// A request that may be served from the cache: its key (the page and the language inputs, as
/// a visitor asks for it) and the session it carries, if any.
struct Cacheable {
    key: String,
    session: Option<String>,
}

/// The listing and board pages (browsing, not searching) asked for with no cookie but ours.
fn cacheable(req: &Request, session_cookie: &str) -> Option<Cacheable> {
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
    let mut session = None;
    // Every Cookie header counts (HTTP/2 clients send one per cookie; anyone may send several):
    // a session in the second one is still a session, and two sessions are not ours to choose.
    for value in headers.get_all(header::COOKIE) {
        let cookies = value.to_str().ok()?;
        for c in cookies.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            match c.split_once('=') {
                Some(("i18n_pref_locale", v)) => locale = v,
                Some((name, v)) if name == session_cookie && session.is_none() => session = Some(v.to_owned()),
                // Any other cookie may change the page: render for it.
                _ => return None,
            }
        }
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    Some(Cacheable { key: format!("{}|{locale}|{accept}", req.uri()), session })
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

fn answer(body: Bytes, csp: &str, content_type: HeaderValue, cached: &'static str) -> Response {
    let mut res = Response::new(Body::from(body));
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, content_type);
    // A page with someone's menu is theirs: no shared cache on the way may keep it.
    let cache_control = if cached == "menu" { "private, no-cache" } else { "no-cache" };
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control));
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert("x-page-cache", HeaderValue::from_static(cached));
    res
}

/// The kept page and its policy, with a fresh nonce in both.
fn with_fresh_nonce(body: &Bytes, old: &str, csp: &str) -> (String, String) {
    let nonce = fresh_nonce();
    (String::from_utf8_lossy(body).replace(old, &nonce), csp.replace(old, &nonce))
}

pub async fn serve(State(cache): State<PageCache>, mut req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let Some(Cacheable { key, session }) = cacheable(&req, cache.session_cookie) else {
        let res = next.run(req).await;
        if writes {
            cache.clear();
        }
        return res;
    };
    let here = req.uri().path().to_owned();
    let person = match session {
        None => None,
        Some(id) => match menu_of_session(&cache.pool, id).await {
            Ok(MenuOfSession::Visitor) => None,
            Ok(MenuOfSession::Person(p)) => Some(p),
            // A notice or typed values to show, or the database failing: the page as usual.
            Ok(MenuOfSession::Render) | Err(_) => return next.run(req).await,
        },
    };
    let (body, nonce, csp, content_type, hit) = match cache.get(&key) {
        Some((body, nonce, csp, content_type)) => (body, nonce, csp, content_type, true),
        None => {
            // Rendered as the visitor it is kept for: without the session.
            strip_session(&mut req, cache.session_cookie);
            let res = next.run(req).await;
            match keep(&cache, key, res).await {
                Ok(kept) => (kept.0, kept.1, kept.2, kept.3, false),
                Err(res) => return res,
            }
        }
    };
    let (text, csp) = with_fresh_nonce(&body, &nonce, &csp);
    let Some(person) = person else {
        return answer(Bytes::from(text), &csp, content_type, if hit { "hit" } else { "miss" });
    };
    let Some(locale) = app::ui::nav::page_locale(&text) else {
        return answer(Bytes::from(text), &csp, content_type, "miss");
    };
    let menu = app::ui::nav::menu_html(locale, &here, Some(&person));
    match app::ui::nav::with_menu(&text, &menu) {
        Some(page) => answer(Bytes::from(page), &csp, content_type, "menu"),
        None => answer(Bytes::from(text), &csp, content_type, "miss"),
    }
}

/// The request's cookies without the session (the locale stays).
fn strip_session(req: &mut Request, session_cookie: &str) {
    let kept: Vec<String> = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .map(str::trim)
        .filter(|c| !c.is_empty() && !c.starts_with(&format!("{session_cookie}=")))
        .map(str::to_owned)
        .collect();
    req.headers_mut().remove(header::COOKIE);
    if let Ok(v) = HeaderValue::from_str(&kept.join("; ")) {
        if !kept.is_empty() {
            req.headers_mut().insert(header::COOKIE, v);
        }
    }
}

/// Keeps a freshly rendered page: its body, nonce, policy and type; or the response itself when
/// it is not a page to keep (an error, a cookie set, no nonce).
async fn keep(cache: &PageCache, key: String, res: Response) -> Result<(Bytes, String, String, HeaderValue), Response> {
    let csp = res.headers().get(header::CONTENT_SECURITY_POLICY).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let keep = res.status() == StatusCode::OK && !res.headers().contains_key(header::SET_COOKIE);
    let (Some(csp), true) = (csp, keep) else { return Err(res) };
    let Some(nonce) = nonce_in(&csp).map(str::to_owned) else { return Err(res) };
    let content_type = res
        .headers()
        .get(header::CONTENT_TYPE)
        .cloned()
        .unwrap_or(HeaderValue::from_static("text/html; charset=utf-8"));
    let (parts, body) = res.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return Err(Response::from_parts(parts, Body::empty()));
    };
    if body.len() <= MAX_PAGE {
        let entry = Entry {
            at: Instant::now(),
            body: body.clone(),
            nonce: nonce.clone(),
            csp: csp.clone(),
            content_type: content_type.clone(),
        };
        cache.put(key, entry);
    }
    Ok((body, nonce, csp, content_type))
}
