//! Pages the server renders outside Leptos' router: pages with no island (and the submission form,
//! whose one island gets its hydration scripts written in), whose data is read
//! first and whose components then render in one synchronous pass (`app::ui::document`). They
//! pass through the same layers as every page (who is asking, the map tiles, the session,
//! security headers).
use crate::state::AppState;
use app::domain::submissions::FlagTarget;
use app::ui::document::Document;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// The response for a rendered page: its status and document with the page's headers, or the
/// way to the sign-in page.
fn respond(document: Document, parts: &Parts) -> Response {
    if let Some(to) = document.location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        return (document.status, [(header::LOCATION, to)]).into_response();
    }
    let csp = app::ui::document::page_csp(document.nonce.as_deref(), Some(parts));
    let mut res = (document.status, document.html).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}

/// `GET /submissions/{id}`: a submission's page (404 for no such public submission).
pub async fn submission(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    req: Request,
) -> Response {
    let id = id.map(|Path(id)| id).unwrap_or_default();
    let (parts, _) = req.into_parts();
    respond(app::submissions::pages::render_page(state.pool.clone(), &parts, &id).await, &parts)
}

/// `GET /submissions/new`: the submission form (`?draft=` continues a draft).
pub async fn new_submission(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    let page = app::submissions::pages::new_submission_page(state.pool.clone(), &parts, &state.leptos_options);
    respond(page.await, &parts)
}

/// `GET /submissions/{id}/flag`: the form to report a submission to the moderators.
pub async fn flag_submission(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    req: Request,
) -> Response {
    flag(state, FlagTarget::Submission, id, req).await
}

/// `GET /comments/{id}/flag`: the form to report a comment to the moderators.
pub async fn flag_comment(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    req: Request,
) -> Response {
    flag(state, FlagTarget::Comment, id, req).await
}

async fn flag(state: AppState, target: FlagTarget, id: Result<Path<String>, PathRejection>, req: Request) -> Response {
    let id = id.map(|Path(id)| id).unwrap_or_default();
    let (parts, _) = req.into_parts();
    respond(app::submissions::pages::flag_page(state.pool.clone(), &parts, target, &id).await, &parts)
}

/// `GET /t`: the form to follow a submission by its tracking code (`?code=` goes to the code's
/// own address).
pub async fn track_form(State(state): State<AppState>, req: Request) -> Response {
    let (parts, _) = req.into_parts();
    respond(app::submissions::pages::track_page(state.pool.clone(), &parts, None).await, &parts)
}

/// `GET /t/{code}`: where the submission with that tracking code is.
pub async fn track(State(state): State<AppState>, code: Result<Path<String>, PathRejection>, req: Request) -> Response {
    let code = code.map(|Path(c)| c).unwrap_or_default();
    let (parts, _) = req.into_parts();
    respond(app::submissions::pages::track_page(state.pool.clone(), &parts, Some(&code)).await, &parts)
}

/// Handlers for pages that need nothing from their address but the request itself.
macro_rules! pages {
    ($($(#[$doc:meta])* $name:ident => $render:path;)*) => {$(
        $(#[$doc])*
        pub async fn $name(State(state): State<AppState>, req: Request) -> Response {
            let (parts, _) = req.into_parts();
            respond($render(state.pool.clone(), &parts).await, &parts)
        }
    )*};
}

pages! {
    /// `GET /`: the start page.
    home => app::home::home_page;
    /// `GET /account`: the signed-in person's account.
    account => app::accounts::pages::account_page;
    /// `GET /my/submissions`: the signed-in person's drafts and what they sent.
    my_submissions => app::submissions::pages::my_submissions_page;
    /// `GET /notifications`: the signed-in person's notifications.
    notifications => app::submissions::pages::notifications_page;
    /// `GET /committee`: the committee's queue (evaluators and the chair).
    committee => app::evaluation::pages::committee_page;
}
