//! A few seconds' cache of the public listing and board pages (browsing, not searching): the
//! public watching what happens to ideas is most of the traffic. The same page for the same
//! address and language is rendered once per `TTL`; each answer still gets its own CSP nonce (the
//! cached page's nonce is replaced in the body and the header). Any write through this server
//! empties the cache at once, so what changes here shows at once; other servers' changes show
//! within the TTL, like the listing totals.
//!
//! These pages differ between people only by the menu (`app::ui::nav`), so a signed-in person
//! gets the visitors' copy with their own menu put in (their name, roles and unread count, read
//! in one trip to the database and kept for a few seconds: `app::session::ssr::KeptWho`), marked
//! `x-page-cache: menu`. A
//! session that carries a notice or a form's typed values for the next page, and any cookie that
//! is not ours, get a full render.
//!
//! The JSON listing while browsing (`GET /api/v1/submissions` without words) is the same answer
//! for everyone, the listing page's data: it is kept here too, for the same time, and emptied by
//! the same writes (`kept_answer`, `keep_answer`).
//!
//! Every other page asked for with our session gets the same one trip: who is asking is handed
//! to the render (`app::session::ssr::Resolved`), which then neither loads the session nor reads
//! the person again.
use app::db::Pool;
use app::domain::roles::Role;
use app::session::ssr::{of_session, OfSession};
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
/// API answers kept at most (each at most `MAX_PAGE`; a listing's is about 15 KB).
const MAX_ANSWERS: usize = 1_000;

struct Entry {
    at: Instant,
    page: Arc<Kept>,
}

/// A kept page, cut where each answer differs: at every place of its nonce, and around the
/// inside of its menu (`app::ui::nav`). Cut once when kept, so an answer is only glued together.
pub struct Kept {
    text: String,
    /// Where the nonce is in `text` (each is `nonce.len()` long), in order.
    nonce_at: Vec<usize>,
    nonce: String,
    /// The inside of the menu in `text`, when the page has one.
    menu: Option<std::ops::Range<usize>>,
    csp: String,
    content_type: HeaderValue,
}

impl Kept {
    fn new(text: String, nonce: String, csp: String, content_type: HeaderValue) -> Kept {
        let nonce_at = text.match_indices(nonce.as_str()).map(|(i, _)| i).collect();
        let menu = app::ui::nav::menu_range(&text);
        Kept { text, nonce_at, nonce, menu, csp, content_type }
    }

    /// The page with `nonce` for the kept one, and `menu` (when given and the page has one) as
    /// the inside of its menu; and whether the menu was put in.
    fn answer(&self, nonce: &str, menu: Option<&str>) -> (String, bool) {
        let menu = menu.zip(self.menu.clone());
        let mut out = String::with_capacity(self.text.len() + menu.as_ref().map_or(0, |(m, _)| m.len()));
        let mut at = 0;
        let mut cuts = self.nonce_at.iter().map(|&i| (i, i + self.nonce.len(), nonce)).collect::<Vec<_>>();
        if let Some((m, range)) = &menu {
            cuts.push((range.start, range.end, m));
            cuts.sort_by_key(|c| c.0);
        }
        for (start, end, with) in cuts {
            if start < at {
                continue;
            }
            out.push_str(&self.text[at..start]);
            out.push_str(with);
            at = end;
        }
        out.push_str(&self.text[at..]);
        (out, menu.is_some())
    }

    fn len(&self) -> usize {
        self.text.len()
    }
}

/// Behind one `Arc`: the page layer clones it for every request.
#[derive(Clone)]
pub struct PageCache(Arc<Shared>);

impl std::ops::Deref for PageCache {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    entries: Mutex<(HashMap<String, Entry>, usize)>,
    /// Public API answers, by their checked query.
    answers: Mutex<HashMap<String, (Instant, Bytes)>>,
    /// For reading a signed-in person's session and menu.
    pool: Pool,
    /// The name of the session cookie.
    session_cookie: &'static str,
}

impl PageCache {
    pub fn new(pool: Pool, session_cookie: &'static str) -> Self {
        PageCache(Arc::new(Shared { entries: Mutex::default(), answers: Mutex::default(), pool, session_cookie }))
    }

    /// The page kept under `key`, while `still_good`: when it expires, the first request renders
    /// it again and the others meanwhile get the copy before (not 32 renders at once).
    fn get(&self, key: &str) -> Option<Arc<Kept>> {
        let mut entries = self.entries.lock().ok()?;
        let e = entries.0.get_mut(key)?;
        app::db::cache::still_good(&mut e.at, TTL).then(|| e.page.clone())
    }

    fn put(&self, key: String, entry: Entry) {
        let Ok(mut guard) = self.entries.lock() else { return };
        let (map, bytes) = &mut *guard;
        if *bytes + entry.page.len() > MAX_BYTES {
            map.retain(|_, e| e.at.elapsed() < TTL);
            *bytes = map.values().map(|e| e.page.len()).sum();
            if *bytes + entry.page.len() > MAX_BYTES {
                map.clear();
                *bytes = 0;
            }
        }
        *bytes += entry.page.len();
        if let Some(old) = map.insert(key, entry) {
            *bytes -= old.page.len();
        }
    }

    /// After a write through this server: the kept pages and answers, and who the sessions name
    /// (`app::session::ssr::people_changed`), are forgotten.
    fn written(&self) {
        if let Ok(mut guard) = self.entries.lock() {
            guard.0.clear();
            guard.1 = 0;
        }
        if let Ok(mut answers) = self.answers.lock() {
            answers.clear();
        }
        app::session::ssr::people_changed(&self.pool);
    }

    /// The public API answer kept under `key`, while `still_good` (as a page).
    pub fn kept_answer(&self, key: &str) -> Option<Bytes> {
        app::db::cache::kept_for(&mut *self.answers.lock().ok()?, key, TTL)
    }

    /// Keeps a public API answer, unless it is larger than a page may be; past `MAX_ANSWERS`
    /// the expired ones go, then all.
    pub fn keep_answer(&self, key: String, body: Bytes) {
        if body.len() > MAX_PAGE {
            return;
        }
        if let Ok(mut answers) = self.answers.lock() {
            app::db::cache::keep_bounded(&mut answers, key, body, MAX_ANSWERS, TTL);
        }
    }
}

/// Who a kept page is shown to.
#[derive(Clone, Copy, PartialEq)]
enum Shown {
    /// Everyone: the page differs between people only by its menu.
    Everyone,
    /// Everyone but staff, who see a form on it: theirs is rendered for them.
    AllButStaff,
}

/// The pages kept: the listing, the public board of proposals by stage, the map, the
/// response-time statistics and the field visits.
const CACHED_PAGES: [(&str, Shown); 5] = [
    ("/submissions", Shown::Everyone),
    ("/board", Shown::Everyone),
    ("/map", Shown::Everyone),
    ("/response-times", Shown::Everyone),
    ("/visits", Shown::AllButStaff),
];

/// The request's cookies when it has none but ours: the language it chose and its session, if
/// any. `None` when another cookie may change the page.
struct Cookies<'a> {
    locale: &'a str,
    session: Option<String>,
}

fn our_cookies<'a>(req: &'a Request, session_cookie: &str) -> Option<Cookies<'a>> {
    let mut locale = "";
    let mut session = None;
    // Every Cookie header counts (HTTP/2 clients send one per cookie; anyone may send several):
    // a session in the second one is still a session, and two sessions are not ours to choose.
    for value in req.headers().get_all(header::COOKIE) {
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
    Some(Cookies { locale, session })
}

/// The key a kept page is found by (the page and the language inputs, as a visitor asks for it),
/// for the listing and board pages while browsing (filters, sort, pages), not searching: searches
/// are too varied to share.
fn kept_key(req: &Request, locale: &str) -> Option<(String, Shown)> {
    let (_, shown) = CACHED_PAGES.iter().find(|(path, _)| *path == req.uri().path())?;
    let searching = req.uri().query().unwrap_or("").split('&').any(|p| p.starts_with("q=") && p.len() > 2);
    if searching {
        return None;
    }
    let accept = req.headers().get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or("");
    Some((format!("{}|{locale}|{accept}", req.uri()), *shown))
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

/// The page layer. Writes empty the cache and forget who the sessions name. A page asked for with a session (and no cookie but
/// ours) has who is asking read with the session in one trip (`of_session`), handed to the render
/// as a request extension. The listing and the board come from the kept copy, with the person's
/// menu put in.
pub async fn serve(State(cache): State<PageCache>, mut req: Request, next: Next) -> Response {
    let writes = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if writes {
        // In a task of its own, so that what the write changed is forgotten even when the client
        // leaves before the answer (the write itself runs to its end: `finish::run_to_end`).
        let written = cache.clone();
        let write = tokio::spawn(async move {
            let res = next.run(req).await;
            written.written();
            res
        });
        return match write.await {
            Ok(res) => res,
            Err(e) => {
                cache.written();
                crate::router::panic_page(Box::new(e.to_string()))
            }
        };
    }
    if req.method() != Method::GET || !super::is_page_path(req.uri().path()) {
        return next.run(req).await;
    }
    let Some(Cookies { locale, session }) = our_cookies(&req, cache.session_cookie) else {
        return next.run(req).await;
    };
    let key = kept_key(&req, locale);
    let resolved = match session {
        None => None,
        Some(id) => match of_session(&cache.pool, id).await {
            Ok(OfSession::Known(who)) => Some(*who),
            // A notice or typed values to show, or the database failing: the page as usual.
            Ok(OfSession::Render) | Err(_) => return next.run(req).await,
        },
    };
    let staff = resolved.as_ref().is_some_and(|who| who.has(Role::Staff));
    let Some((key, _)) = key.filter(|(_, shown)| *shown == Shown::Everyone || !staff) else {
        if let Some(who) = resolved {
            req.extensions_mut().insert(who);
        }
        return next.run(req).await;
    };
    let person = resolved.and_then(|who| who.menu());
    let here = req.uri().path().to_owned();
    let (page, hit) = match cache.get(&key) {
        Some(page) => (page, true),
        None => {
            // Rendered as the visitor it is kept for: without the session.
            strip_session(&mut req, cache.session_cookie);
            let res = next.run(req).await;
            match keep(&cache, key, res).await {
                Ok(page) => (page, false),
                Err(res) => return res,
            }
        }
    };
    let nonce = fresh_nonce();
    let csp = page.csp.replace(&page.nonce, &nonce);
    let menu = person.as_ref().and_then(|p| {
        let locale = app::ui::nav::page_locale(&page.text)?;
        Some(app::ui::nav::menu_html(locale, &here, Some(p)))
    });
    let (text, personal) = page.answer(&nonce, menu.as_deref());
    let cached = match (personal, hit) {
        (true, _) => "menu",
        (false, true) if person.is_none() => "hit",
        _ => "miss",
    };
    answer(Bytes::from(text), &csp, page.content_type.clone(), cached)
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

/// Keeps a freshly rendered page; or gives back the response itself when it is not a page to
/// keep (an error, a cookie set, no nonce, not UTF-8).
async fn keep(cache: &PageCache, key: String, res: Response) -> Result<Arc<Kept>, Response> {
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
    let text = match String::from_utf8(body.to_vec()) {
        Ok(text) => text,
        Err(_) => return Err(Response::from_parts(parts, Body::from(body))),
    };
    let page = Arc::new(Kept::new(text, nonce, csp, content_type));
    if page.len() <= MAX_PAGE {
        cache.put(key, Entry { at: Instant::now(), page: page.clone() });
    }
    Ok(page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_has_the_new_nonce_everywhere_and_the_menu_given() {
        let text = "<html lang=\"tr\"><script nonce=\"OLDNONCEOLDNONCE1\"></script>\
            <nav aria-label=\"x\" class=\"site-nav\">VISITOR</nav><main>m</main>\
            <script nonce=\"OLDNONCEOLDNONCE1\"></script>";
        let kept = Kept::new(
            text.to_owned(),
            "OLDNONCEOLDNONCE1".into(),
            "script-src 'nonce-OLDNONCEOLDNONCE1'".into(),
            HeaderValue::from_static("text/html"),
        );
        let (visitor, personal) = kept.answer("NEW", None);
        assert_eq!(visitor, text.replace("OLDNONCEOLDNONCE1", "NEW"));
        assert!(!personal);
        let (mine, personal) = kept.answer("NEW", Some("MINE"));
        assert!(personal);
        assert_eq!(mine, text.replace("OLDNONCEOLDNONCE1", "NEW").replace("VISITOR", "MINE"));
        let plain =
            Kept::new("<p nonce=\"N\">".into(), "N".into(), String::new(), HeaderValue::from_static("text/html"));
        assert_eq!(plain.answer("M", Some("MINE")), ("<p nonce=\"M\">".to_owned(), false), "no menu, none put in");
    }
}
