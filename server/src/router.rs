//! Every route in one place: the pages (Leptos), the form posts, the language switch, the
//! server functions, the JSON API and static files; then the layers every response passes:
//! sessions, same-origin writes, security headers, compression, body limit.
use crate::forms::{
    accounts, admin, comments, evaluation, evaluation_admin, implementation, notifications, submissions,
};
use crate::http::session_store::DbSessionStore;
use crate::http::{page_cache, security, stall};
use crate::state::AppState;
use crate::{api, forms};
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Request bodies larger than this are refused with 413 (uploads will get their own limit).
pub const BODY_LIMIT: usize = 256 * 1024;

/// The page routes, found once per process by rendering the app with resource loading
/// suppressed. Leptos suppresses it with one process-wide flag (`SuppressResourceLoad`): while
/// any route list is being generated, every resource created by any render in the process waits
/// for ever. Generating it again for each router (the tests build one per test, beside other
/// tests' renders) left pages hanging until the stall safety net rendered them again: the
/// "render stall" of `http::stall`, reproduced by `tests/stall.rs`.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> = std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build(state: AppState) -> Router {
    let pool = state.pool.clone();
    // Each request's render and server functions get the pool and a fresh `Asker`, which
    // resolves who is asking once for all of them.
    let context = move || {
        provide_context(pool.clone());
        provide_context(app::session::ssr::Asker::default());
    };
    let routes = route_list();
    let options = (*state.leptos_options).clone();

    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.pool.clone()))
        .with_name(security::session_cookie_name(&state.public_url))
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(state.public_url.starts_with("https://"))
        .with_expiry(Expiry::OnInactivity(time::Duration::days(14)));

    let server_fns = {
        let context = context.clone();
        move |req| leptos_axum::handle_server_fns_with_context(context.clone(), req)
    };

    // Files of the site (wasm, JS, CSS, favicon) come from tower-http, with no Leptos owner
    // involved; only paths that are not files reach Leptos, which renders the 404 page. Leptos'
    // own file branch runs in whatever reactive owner the worker thread was left with — a page
    // render still in progress — and took that page's response headers (its CSP with the nonce,
    // Cache-Control) for the file, so the page went out with the strict default policy and its
    // inline hydration scripts were refused (about one journey in thirty in the browser tests).
    let not_found = leptos_axum::file_and_error_handler_with_context::<AppState, _>(context.clone(), shell);
    let files = ServeDir::new(&*state.leptos_options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .fallback(axum::handler::Handler::with_state(not_found, state.clone()));

    Router::new()
        .route("/submissions", post(submissions::submit).layer(DefaultBodyLimit::max(crate::media::UPLOAD_BODY_LIMIT)))
        .route("/staff/intake", post(submissions::intake).layer(DefaultBodyLimit::max(crate::media::UPLOAD_BODY_LIMIT)))
        .nest_service(
            "/media",
            tower::ServiceBuilder::new()
                .layer(SetResponseHeaderLayer::overriding(
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ))
                .service(tower_http::services::ServeDir::new(state.media.dir())),
        )
        .route("/submissions/{id}", get(crate::pages::submission))
        .route("/submissions/new", get(crate::pages::new_submission))
        .route("/", get(crate::pages::home))
        .route("/account", get(crate::pages::account))
        .route("/t", get(crate::pages::track_form))
        .route("/t/{code}", get(crate::pages::track))
        .route("/my/submissions", get(crate::pages::my_submissions))
        .route("/notifications", get(crate::pages::notifications))
        .route("/committee", get(crate::pages::committee))
        .route("/submissions/{id}/flag", get(crate::pages::flag_submission))
        .route("/comments/{id}/flag", get(crate::pages::flag_comment))
        .route("/submissions/{id}/support", post(submissions::support))
        .route("/submissions/{id}/follow", post(submissions::follow))
        .route("/submissions/{id}/withdraw", post(submissions::withdraw))
        .route("/submissions/{id}/transition", post(submissions::transition))
        .route("/submissions/{id}/rounds", post(evaluation::open_round))
        .route("/rounds/{id}/scores", post(evaluation::scores))
        .route("/rounds/{id}/recusal", post(evaluation::recusal))
        .route("/rounds/{id}/close", post(evaluation::close))
        .route("/submissions/{id}/decision", post(evaluation::decision))
        .route("/submissions/{id}/implementation", post(implementation::figures))
        .route("/submissions/{id}/milestones", post(implementation::add_milestone))
        .route("/milestones/{id}/done", post(implementation::milestone_done))
        .route(
            "/submissions/{id}/implementation/photos",
            post(implementation::photos).layer(DefaultBodyLimit::max(crate::media::UPLOAD_BODY_LIMIT)),
        )
        .route("/submissions/{id}/assignment", post(crate::forms::routing::assign))
        .route("/admin/board/settings", post(evaluation_admin::settings))
        .route("/admin/committees", post(evaluation_admin::committee_new))
        .route("/admin/committees/{id}", post(evaluation_admin::committee_edit))
        .route("/admin/rubric", post(evaluation_admin::rubric))
        .route("/submissions/drafts/{id}/delete", post(submissions::draft_delete))
        .route("/submissions/{id}/comments", post(comments::comment))
        .route("/submissions/{id}/flag", post(forms::moderation::flag_submission))
        .route("/submissions/{id}/moderation", post(forms::moderation::moderate_submission))
        .route("/submissions/{id}/merge", post(forms::moderation::merge))
        .route("/comments/{id}/moderation", post(forms::moderation::moderate_comment))
        .route("/moderation/block", post(forms::moderation::block))
        .route("/moderation/settings", post(forms::moderation::settings))
        .route("/comments/{id}/edit", post(comments::comment_edit))
        .route("/comments/{id}/delete", post(comments::comment_delete))
        .route("/comments/{id}/flag", post(forms::moderation::flag_comment))
        .route("/notifications/read", post(notifications::notifications_read))
        .route("/account/notifications", post(notifications::notification_settings))
        .route("/sign-up", post(accounts::sign_up))
        .route("/sign-in", post(accounts::sign_in))
        .route("/sign-out", post(accounts::sign_out))
        .route("/account/password", post(accounts::change_password))
        .route("/account/tokens", post(accounts::token_create))
        .route("/account/verify-email", post(accounts::verify_email_again))
        .route("/verify-email/{secret}", get(accounts::verify_email))
        .route("/account/tokens/{id}/revoke", post(accounts::token_revoke))
        .route("/admin/users/{id}/roles", post(accounts::save_roles))
        .route("/admin/settings", post(admin::threshold))
        .route("/admin/directorates", post(admin::directorate_new))
        .route("/admin/directorates/{id}", post(admin::directorate_edit))
        .route("/admin/categories", post(admin::category_new))
        .route("/admin/categories/{id}", post(admin::category_edit))
        .route("/admin/neighbourhoods", post(admin::neighbourhood_new))
        .route("/admin/neighbourhoods/{id}", post(admin::neighbourhood_edit))
        .route("/admin/mail/{id}/resend", post(forms::mail::resend))
        .route("/admin/response-times/targets", post(forms::response_times::targets))
        .route("/admin/working-hours", post(forms::response_times::hours))
        .route("/admin/map/tiles", post(forms::map::tiles))
        .route(
            "/admin/map/district",
            post(forms::map::outline).layer(DefaultBodyLimit::max(forms::map::OUTLINE_BODY_LIMIT)),
        )
        .route("/admin/map/district/delete", post(forms::map::outline_delete))
        .route("/admin/holidays", post(forms::response_times::holiday_add))
        .route("/admin/holidays/{date}/delete", post(forms::response_times::holiday_delete))
        .route("/visits", post(forms::visits::create))
        .route("/locale/{lang}", get(accounts::switch_locale))
        .route("/_sf/{*fn_name}", post(server_fns.clone()).get(server_fns))
        .nest("/api/v1", api::routes())
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback_service(files)
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::tiles_for_pages))
        .layer(axum::middleware::from_fn(crate::http::finish::run_to_end))
        .layer(axum::middleware::from_fn(forms::keep_in_session))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::same_origin_writes))
        .layer(axum::middleware::from_fn_with_state(state.clone(), stall::retry_stalled_renders))
        .layer(axum::middleware::from_fn_with_state(state.clone(), crate::http::limits::limit_searches))
        .layer(axum::middleware::from_fn_with_state(state.page_cache.clone(), page_cache::serve))
        .layer(axum::middleware::from_fn(api::error::render))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(panic_page))
        .layer(CompressionLayer::new())
        .layer(SetResponseHeaderLayer::if_not_present(header::CONTENT_SECURITY_POLICY, default_csp))
        .layer(SetResponseHeaderLayer::overriding(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(SetResponseHeaderLayer::overriding(header::REFERRER_POLICY, HeaderValue::from_static("same-origin")))
        .layer(SetResponseHeaderLayer::overriding(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=(self)"),
        ))
        .with_state(state)
}

/// The strict policy of responses that are not pages. Redirects get none: they have no document.
/// Not 'none': a page's own resources are loaded under its policy, but an asset opened on its own
/// (a JSON document, the favicon) may still load its stylesheet.
fn default_csp(res: &axum::response::Response) -> Option<HeaderValue> {
    (!res.status().is_redirection()).then(|| {
        HeaderValue::from_static(
            "default-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        )
    })
}

/// What a panic turns into: the "problem with the service" page (UX.md §3), in both languages
/// because the request's language is not known here, with no database needed. The cause is
/// logged, never sent.
pub fn panic_page(cause: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    let detail = cause
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| cause.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = detail, "a request handler panicked");
    let body = "<!DOCTYPE html><html lang=\"tr\"><head><meta charset=\"utf-8\">\
        <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
        <title>Üzgünüz, bir sorun oluştu – İnegöl'ün Fikri</title><link rel=\"stylesheet\" href=\"/pkg/fikir.css\"></head>\
        <body><main id=\"main\" class=\"wrap main\"><h1>Üzgünüz, bir sorun oluştu</h1><p>Daha sonra yeniden deneyin.</p>\
        <p>Acil bir durum için Çözüm Merkezi'ni 153'ten arayın.</p>\
        <div lang=\"en\"><h2>Sorry, there is a problem with the service</h2><p>Try again later. \
        For anything urgent, call the Solution Centre on 153.</p></div></main></body></html>";
    let mut res = axum::response::Html(body).into_response();
    *res.status_mut() = axum::http::StatusCode::INTERNAL_SERVER_ERROR;
    res
}

#[cfg(test)]
mod tests {
    use super::panic_page;

    #[tokio::test]
    async fn a_panic_becomes_the_problem_page_without_its_cause() {
        use http_body_util::BodyExt;
        let res = panic_page(Box::new(String::from("secret detail: row 42")));
        assert_eq!(res.status(), 500);
        let ct = res.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(ct.starts_with("text/html"), "{ct}");
        let body = res.into_body().collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("Üzgünüz, bir sorun oluştu") && text.contains("153"), "{text}");
        assert!(!text.contains("secret detail"), "the cause is logged, never sent");
    }
}
