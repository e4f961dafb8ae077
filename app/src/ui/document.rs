//! Pages rendered outside the router (server only): the page's own components, in a reactive
//! owner of their own, written into the document around them by a plain function.
//!
//! A page rendered by the router (`routes.rs`) pays for Leptos' whole request pipeline: the
//! shell, the router, a resource per loaded value inside a `Suspense`, a first pass that only
//! starts those resources (`dry_resolve`), the meta tags collected from the stream and the
//! markers hydration would need. For a page with no island none of that is needed: its data is
//! read first, by plain async functions, and its components then render in one synchronous
//! pass. Measured on a signed-in submission page of the 200k seed, that pipeline was about 150 µs
//! of the server's ~440 µs per page (docs/BENCHMARK.md, session 19). A page with an island (the
//! submission form) needs only the hydration scripts besides, which `page_with_islands` writes:
//! islands are hydrated from their own markup and props, with no page data.
//!
//! The components are the same ones a routed page uses (`ui::Page` and everything inside it):
//! `Page` finds a `DocumentHead` here and leaves its title to it instead of to `leptos_meta`.
use crate::i18n::*;
use leptos::prelude::*;
use std::sync::{Arc, Mutex};

/// The page's `<title>`, set by `ui::Page` while it renders.
#[derive(Clone, Default)]
pub struct DocumentHead(Arc<Mutex<String>>);

impl DocumentHead {
    pub fn set_title(&self, title: String) {
        if let Ok(mut t) = self.0.lock() {
            *t = title;
        }
    }
    fn title(&self) -> String {
        self.0.lock().map(|t| t.clone()).unwrap_or_default()
    }
}

/// A rendered page: its status (a page's components may set one, as `NotFoundPage` does) and
/// the whole document, or where to go instead (a page for signed-in people asked for by a
/// visitor goes to the sign-in page, and back after it).
pub struct Document {
    pub status: http::StatusCode,
    pub html: String,
    pub location: Option<String>,
    /// The nonce of the page's inline scripts (a page with an island), for its CSP.
    pub nonce: Option<String>,
}

/// Who may see a page rendered here.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Anyone,
    /// Visitors are sent to sign in first (`302` to `/sign-in?next=` this page), before anything
    /// of the page is read.
    SignedIn,
}

/// A whole page for the request `parts`: who is asking and the page's state (the flash of one of
/// its `forms`), then its data (`load`, with the same request context the server functions
/// use), then one synchronous render of `body`. A database failure gives the service-error page
/// (503) in the reader's language.
pub async fn page<T>(
    pool: crate::db::Pool,
    parts: &http::request::Parts,
    access: Access,
    forms: &'static [crate::session::FormName],
    load: impl AsyncFnOnce(&crate::session::ssr::RequestCtx) -> Result<T, crate::error::AppError>,
    body: impl FnOnce(crate::session::PageState, T) -> AnyView,
) -> Document {
    page_in(pool, parts, access, forms, None, load, body).await
}

/// `page` for a page with an island (the submission form's title field): the document also
/// carries Leptos' hydration scripts (`options` says where the bundle is), their inline parts
/// with a fresh nonce (`Document::nonce`, for the page's CSP).
pub async fn page_with_islands<T>(
    pool: crate::db::Pool,
    parts: &http::request::Parts,
    access: Access,
    forms: &'static [crate::session::FormName],
    options: &leptos::config::LeptosOptions,
    load: impl AsyncFnOnce(&crate::session::ssr::RequestCtx) -> Result<T, crate::error::AppError>,
    body: impl FnOnce(crate::session::PageState, T) -> AnyView,
) -> Document {
    page_in(pool, parts, access, forms, Some(options), load, body).await
}

async fn page_in<T>(
    pool: crate::db::Pool,
    parts: &http::request::Parts,
    access: Access,
    forms: &'static [crate::session::FormName],
    islands: Option<&leptos::config::LeptosOptions>,
    load: impl AsyncFnOnce(&crate::session::ssr::RequestCtx) -> Result<T, crate::error::AppError>,
    body: impl FnOnce(crate::session::PageState, T) -> AnyView,
) -> Document {
    use crate::session::ssr::{page_state, RequestCtx};
    let locale = request_locale(&parts.headers);
    let ctx = match RequestCtx::from_parts(pool, parts).await {
        Ok(ctx) => ctx,
        Err(e) => return failed(parts, locale, e),
    };
    if access == Access::SignedIn && ctx.user.is_none() {
        let here = parts.uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
        return Document {
            status: http::StatusCode::FOUND,
            html: String::new(),
            location: Some(format!("/sign-in?next={}", super::encode_component(here))),
            nonce: None,
        };
    }
    let state = page_state(&ctx, forms).await;
    match load(&ctx).await {
        Ok(data) => render_in(parts, locale, islands, move || body(state, data)),
        Err(e) => failed(parts, locale, e),
    }
}

/// The value of `key` in the query of the request `parts` (its first, decoded), if any.
pub fn query_value(parts: &http::request::Parts, key: &str) -> Option<String> {
    url::form_urlencoded::parse(parts.uri.query()?.as_bytes()).find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

/// The service-error page (503), the failure logged.
fn failed(parts: &http::request::Parts, locale: Locale, e: crate::error::AppError) -> Document {
    tracing::error!(error = %e, path = %parts.uri.path(), "a page could not be loaded");
    render(parts, locale, || view! { <super::ServerErrorPage/> }.into_any())
}

/// The language a page is rendered in: the one the person chose (the `i18n_pref_locale` cookie
/// the language link sets), else the best of their browser's `Accept-Language`, else Turkish.
/// The same choice leptos_i18n makes for routed pages.
pub fn request_locale(headers: &http::HeaderMap) -> Locale {
    let chosen = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().strip_prefix("i18n_pref_locale="))
        .find_map(|v| Locale::get_all().iter().copied().find(|l| l.as_str() == v));
    chosen.unwrap_or_else(|| {
        super::messages::locale_from_accept_language(
            headers.get(http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()),
        )
    })
}

/// The Content-Security-Policy of a page: scripts only from the site (and inline ones carrying
/// `nonce`, Leptos' hydration scripts on pages with an island), images from the site and the map
/// tiles' one host (an admin setting, given to each page as a request extension by the request
/// layer; none in the tests).
pub fn page_csp(nonce: Option<&str>, parts: Option<&http::request::Parts>) -> String {
    let tiles = parts
        .and_then(|p| p.extensions.get::<Arc<crate::map::Tiles>>())
        .and_then(|t| crate::map::tile_host(&t.tile_url))
        .map(|h| format!(" {h}"))
        .unwrap_or_default();
    let nonce = nonce.map(|n| format!(" 'nonce-{n}'")).unwrap_or_default();
    format!(
        "default-src 'self'; script-src 'self'{nonce} 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:{tiles}; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    )
}

/// Renders `body` (a page: `ui::Page` and its content) for the request `parts` in `locale`, and
/// writes the document around it: the same head as `crate::shell`, without hydration scripts.
/// The owner is a root of its own and is used only for this synchronous pass, so nothing of a
/// concurrent render on the same thread is inherited or leaked (the thread-local owner).
pub fn render(parts: &http::request::Parts, locale: Locale, body: impl FnOnce() -> AnyView) -> Document {
    render_in(parts, locale, None, body)
}

/// What a page with an island adds to the document: Leptos' hydration scripts (the bundle's
/// preload links and the module that hydrates the islands, for the head) and the empty records
/// of serialised resources its hydration reads (for the end of the body; islands here read no
/// resource), each inline script with the page's nonce.
struct Hydration {
    head: String,
    tail: String,
    nonce: String,
}

/// `render`, for a page with an island when `islands` gives the site's options (see `Hydration`).
fn render_in(
    parts: &http::request::Parts,
    locale: Locale,
    islands: Option<&leptos::config::LeptosOptions>,
    body: impl FnOnce() -> AnyView,
) -> Document {
    let owner = Owner::new_root(None);
    let head = DocumentHead::default();
    let response = leptos_axum::ResponseOptions::default();
    let (content, hydration) = owner.with(|| {
        provide_context(parts.clone());
        provide_context(head.clone());
        provide_context(response.clone());
        // Fixed to the request's language, with none of the effects leptos_i18n's own context
        // starts: an effect is a task of its own, which could run on another thread after this
        // render has disposed the locale it reads (server/tests/abandoned.rs caught it).
        provide_context(leptos_i18n::I18nContext::<Locale>::fixed(locale));
        let hydration = islands.map(|options| {
            leptos::nonce::provide_nonce();
            let nonce = leptos::nonce::use_nonce().map(|n| n.to_string()).unwrap_or_default();
            let head = view! { <HydrationScripts options=options.clone() islands=true/> }.to_html();
            let tail = format!(
                "<script nonce=\"{nonce}\">__RESOLVED_RESOURCES=[];__SERIALIZED_ERRORS=[];__PENDING_RESOURCES=[];\
                 __RESOURCE_RESOLVERS=[];</script><script nonce=\"{nonce}\">__INCOMPLETE_CHUNKS=[];</script>"
            );
            Hydration { head, tail, nonce }
        });
        (body().to_html(), hydration)
    });
    owner.cleanup();
    let mut html = String::with_capacity(content.len() + 1024);
    html.push_str("<!DOCTYPE html><html lang=\"");
    html.push_str(locale.as_str());
    html.push_str(
        "\" dir=\"ltr\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, \
         initial-scale=1\"><meta name=\"color-scheme\" content=\"light\"><link rel=\"stylesheet\" \
         href=\"/pkg/fikir.css\"><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">",
    );
    if let Some(h) = &hydration {
        html.push_str(&h.head);
    }
    html.push_str("<meta name=\"description\" content=\"");
    html.push_str(&super::escape_html(td_string!(locale, site.description)));
    html.push_str("\"><title>");
    html.push_str(&super::escape_html(&head.title()));
    html.push_str("</title></head><body>");
    html.push_str(&content);
    if let Some(h) = &hydration {
        html.push_str(&h.tail);
    }
    html.push_str("</body></html>");
    let status = response.0.read().ok().and_then(|r| r.status).unwrap_or(http::StatusCode::OK);
    Document { status, html, location: None, nonce: hydration.map(|h| h.nonce) }
}
