//! The signed-in person's notifications and e-mail settings over JSON.
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::SignedIn;
use crate::state::AppState;
use app::db;
use app::notifications::{mailer, service as notifications, NotificationList, NotificationSettings};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

#[utoipa::path(get, path = "/api/v1/notifications", tag = "notifications",
    responses((status = 200, body = NotificationList), (status = 401, body = ErrorBody)))]
pub async fn notifications_list(
    State(state): State<AppState>,
    me: SignedIn,
) -> Result<Json<NotificationList>, ApiError> {
    let id = me.id;
    Ok(Json(db::read(&state.pool, move |c| notifications::list(c, id, 50, None)).await?))
}

#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "notifications",
    responses((status = 204, description = "All marked read"), (status = 401, body = ErrorBody)))]
pub async fn notifications_read(State(state): State<AppState>, me: SignedIn) -> Result<StatusCode, ApiError> {
    let id = me.id;
    db::tx(&state.pool, move |c| notifications::mark_all_read(c, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me/notification-settings", tag = "notifications",
    responses((status = 200, body = NotificationSettings), (status = 401, body = ErrorBody)))]
pub async fn settings_get(State(state): State<AppState>, me: SignedIn) -> Result<Json<NotificationSettings>, ApiError> {
    let id = me.id;
    Ok(Json(db::read(&state.pool, move |c| mailer::settings_of(c, id)).await?))
}

#[utoipa::path(put, path = "/api/v1/me/notification-settings", tag = "notifications",
    request_body = NotificationSettings,
    responses((status = 200, body = NotificationSettings), (status = 401, body = ErrorBody)))]
pub async fn settings_put(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(body): AppJson<NotificationSettings>,
) -> Result<Json<NotificationSettings>, ApiError> {
    let (id, saved) = (me.id, body);
    db::tx(&state.pool, move |c| mailer::save_settings(c, id, &saved)).await?;
    Ok(Json(body))
}
