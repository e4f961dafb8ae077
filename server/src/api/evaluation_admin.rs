//! The review board's administration over JSON: its settings, new rubric versions and the
//! committees. Admins only (committees are read by the committee's people too); every change
//! is audited by `evaluation::admin`.
use super::error::{ApiError, AppJson, ErrorBody};
use super::evaluation::CreatedId;
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::evaluation::admin;
use app::evaluation::{BoardSettings, CommitteeInput, CommitteeView, RubricInput, RubricView, SettingsInput};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

#[utoipa::path(get, path = "/api/v1/admin/settings", tag = "admin",
    responses((status = 200, body = BoardSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn settings_get(State(state): State<AppState>, me: SignedIn) -> Result<Json<BoardSettings>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::read(&state.pool, move |c| admin::board_settings(c, &actor)).await?))
}

#[utoipa::path(put, path = "/api/v1/admin/settings", tag = "admin", request_body = SettingsInput,
    responses((status = 200, description = "The settings after the change", body = BoardSettings),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "Support threshold outside 1–1,000,000 or quorum outside 1–50", body = ErrorBody)))]
pub async fn settings_put(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(input): AppJson<SettingsInput>,
) -> Result<Json<BoardSettings>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| admin::save_settings(c, &actor, &input)).await?))
}

#[utoipa::path(post, path = "/api/v1/rubrics", tag = "evaluation", request_body = RubricInput,
    responses((status = 201, description = "The new version; rounds opened from now on use it", body = RubricView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "A scale other than 5 or 10, 0 or over 10 criteria, a name missing, or weights not adding up to 100", body = ErrorBody)))]
pub async fn rubric_create(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(input): AppJson<RubricInput>,
) -> Result<(StatusCode, Json<RubricView>), ApiError> {
    let actor = me.actor.clone();
    let made = db::tx(&state.pool, move |c| admin::new_rubric(c, &actor, &input)).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

#[utoipa::path(get, path = "/api/v1/committees", tag = "evaluation",
    responses((status = 200, description = "Every committee, active first; e-mail addresses for admins only", body = Vec<CommitteeView>),
        (status = 401, body = ErrorBody), (status = 403, description = "Admins, chairs and evaluators only", body = ErrorBody)))]
pub async fn committees(State(state): State<AppState>, me: SignedIn) -> Result<Json<Vec<CommitteeView>>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::read(&state.pool, move |c| admin::committees(c, &actor)).await?))
}

#[utoipa::path(post, path = "/api/v1/committees", tag = "evaluation", request_body = CommitteeInput,
    responses((status = 201, body = CreatedId), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "No name or one taken, or a chair or member who does not hold the role", body = ErrorBody)))]
pub async fn committee_create(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(input): AppJson<CommitteeInput>,
) -> Result<(StatusCode, Json<CreatedId>), ApiError> {
    let actor = me.actor.clone();
    let id = db::tx(&state.pool, move |c| admin::save_committee(c, &actor, None, &input)).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id })))
}

#[utoipa::path(put, path = "/api/v1/committees/{id}", tag = "evaluation", request_body = CommitteeInput,
    responses((status = 200, body = CreatedId), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn committee_update(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(input): AppJson<CommitteeInput>,
) -> Result<Json<CreatedId>, ApiError> {
    let actor = me.actor.clone();
    let id = db::tx(&state.pool, move |c| admin::save_committee(c, &actor, Some(id), &input)).await?;
    Ok(Json(CreatedId { id }))
}
