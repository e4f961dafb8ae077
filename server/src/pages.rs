//! Pages the server renders outside Leptos' router: pages with no island that people open most,
//! whose data is read first and whose components then render in one synchronous pass
//! (`app::ui::document`). They pass through the same layers as every page (who is asking, the
//! map tiles, the session, security headers).
use crate::state::AppState;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};

/// `GET /submissions/{id}`: a submission's page (404 for no such public submission).
pub async fn submission(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    req: Request,
) -> Response {
    let id = id.map(|Path(id)| id).unwrap_or_default();
    let (parts, _) = req.into_parts();
    let document = app::submissions::pages::render_page(state.pool.clone(), &parts, &id).await;
    let csp = app::ui::document::page_csp(None, Some(&parts));
    let mut res = (document.status, document.html).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    res
}
