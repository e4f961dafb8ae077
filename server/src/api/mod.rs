//! The public JSON API under /api/v1, one file per concept. Handlers are thin: read the input,
//! call the same service the web forms call, shape the output. The OpenAPI document is
//! generated from the handlers' annotations (utoipa) and served at /api/v1/openapi.json.
pub mod auth;
pub mod error;
pub mod health;
pub mod reference;

use crate::router::AppState;
use axum::routing::{get, post};
use axum::Router;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "İnegöl'ün Fikri API",
        version = "1",
        description = "Public API of İnegöl'ün Fikri. Reads are public; writes need a session cookie from /api/v1/auth/login. Errors are {\"error\": {\"code\", \"message\", \"fields\"}}; messages follow Accept-Language (tr, en)."
    ),
    paths(
        health::health,
        auth::register,
        auth::login,
        auth::logout,
        auth::me,
        reference::directorates,
        reference::categories,
        reference::neighbourhoods
    ),
    components(schemas(
        error::ErrorBody,
        error::ErrorDetail,
        error::FieldProblem,
        app::accounts::UserView,
        auth::RegisterBody,
        auth::LoginBody,
        health::Health
    ))
)]
pub struct ApiDoc;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/openapi.json", get(|| async { axum::Json(ApiDoc::openapi()) }))
        .route("/auth/register", post(auth::register))
        .route("/auth/login", post(auth::login))
        .route("/auth/logout", post(auth::logout))
        .route("/me", get(auth::me))
        .route("/directorates", get(reference::directorates))
        .route("/categories", get(reference::categories))
        .route("/neighbourhoods", get(reference::neighbourhoods))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
}
