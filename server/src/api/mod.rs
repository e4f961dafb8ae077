//! The public JSON API under /api/v1, one file per concept. Handlers are thin: read the input,
//! call the same service the web forms call, shape the output. The OpenAPI document is
//! generated from the handlers' annotations (utoipa) and served at /api/v1/openapi.json.
pub mod auth;
pub mod drafts;
pub mod error;
pub mod health;
pub mod reference;
pub mod submissions;

use crate::router::AppState;
use axum::routing::{get, patch, post, put};
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
        reference::neighbourhoods,
        submissions::list,
        submissions::create,
        submissions::intake,
        submissions::detail,
        submissions::support_put,
        submissions::support_delete,
        submissions::follow_put,
        submissions::follow_delete,
        submissions::withdraw,
        submissions::comments_list,
        submissions::comments_create,
        submissions::comment_edit,
        submissions::comment_delete,
        submissions::flag_submission,
        submissions::flag_comment,
        submissions::track,
        submissions::notifications_list,
        submissions::notifications_read,
        submissions::photos,
        submissions::settings_get,
        submissions::settings_put,
        submissions::similar,
        drafts::list,
        drafts::create,
        drafts::get,
        drafts::update,
        drafts::delete,
        drafts::publish
    ),
    components(schemas(
        error::ErrorBody,
        error::ErrorDetail,
        error::FieldProblem,
        app::accounts::UserView,
        auth::RegisterBody,
        auth::LoginBody,
        health::Health,
        app::submissions::ListPage,
        app::submissions::SubmissionSummary,
        app::submissions::SubmissionDetail,
        app::submissions::EventView,
        app::submissions::MediaView,
        app::submissions::NewSubmission,
        app::submissions::Intake,
        app::submissions::Created,
        app::submissions::SupportState,
        app::submissions::TrackView,
        app::comments::CommentView,
        app::comments::NewComment,
        app::notifications::NotificationView,
        app::notifications::NotificationList,
        app::notifications::NotificationSettings,
        submissions::IntakeBody,
        submissions::FollowState,
        submissions::EditComment,
        submissions::FlagBody,
        app::submissions::DraftView,
        drafts::DraftList
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
        .route("/submissions", get(submissions::list).post(submissions::create))
        .route("/intake", post(submissions::intake))
        .route("/submissions/similar", get(submissions::similar))
        .route("/submissions/{id}", get(submissions::detail))
        .route("/submissions/{id}/support", put(submissions::support_put).delete(submissions::support_delete))
        .route("/submissions/{id}/follow", put(submissions::follow_put).delete(submissions::follow_delete))
        .route("/submissions/{id}/withdraw", post(submissions::withdraw))
        .route(
            "/submissions/{id}/photos",
            post(submissions::photos).layer(axum::extract::DefaultBodyLimit::max(crate::media::UPLOAD_BODY_LIMIT)),
        )
        .route("/submissions/{id}/comments", get(submissions::comments_list).post(submissions::comments_create))
        .route("/submissions/{id}/flag", post(submissions::flag_submission))
        .route("/comments/{id}", patch(submissions::comment_edit).delete(submissions::comment_delete))
        .route("/comments/{id}/flag", post(submissions::flag_comment))
        .route("/track/{reference}", get(submissions::track))
        .route("/drafts", get(drafts::list).post(drafts::create))
        .route("/drafts/{id}", get(drafts::get).put(drafts::update).delete(drafts::delete))
        .route("/drafts/{id}/publish", post(drafts::publish))
        .route("/notifications", get(submissions::notifications_list))
        .route("/notifications/read", post(submissions::notifications_read))
        .route("/me/notification-settings", get(submissions::settings_get).put(submissions::settings_put))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
}
