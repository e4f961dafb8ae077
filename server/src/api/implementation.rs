//! Implementation over JSON: a proposal's milestones (staff write them, with the progress,
//! budget and directorate of its implementation) and the public board of proposals by stage.
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::implementation::service::{self as implementation, MilestoneInput};
use app::implementation::{Board, BoardQuery, ImplementationView, MilestoneView};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;

#[utoipa::path(get, path = "/api/v1/submissions/{id}/milestones", tag = "implementation",
    responses((status = 200, description = "The milestones, by planned date", body = Vec<MilestoneView>), (status = 404, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, Id(id): Id) -> Result<Json<Vec<MilestoneView>>, ApiError> {
    Ok(Json(db::read(&state.pool, move |c| implementation::milestones_of(c, id)).await?))
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/milestones", tag = "implementation", request_body = MilestoneInput,
    responses((status = 201, body = super::evaluation::CreatedId), (status = 401, body = ErrorBody),
        (status = 403, description = "Staff only", body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The proposal is not approved, scheduled or in implementation", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(input): AppJson<MilestoneInput>,
) -> Result<(StatusCode, Json<super::evaluation::CreatedId>), ApiError> {
    let actor = me.actor.clone();
    let made = db::tx(&state.pool, move |c| implementation::add_milestone(c, &actor, id, &input)).await?;
    Ok((StatusCode::CREATED, Json(super::evaluation::CreatedId { id: made })))
}

#[utoipa::path(patch, path = "/api/v1/milestones/{id}", tag = "implementation", request_body = MilestoneInput,
    responses((status = 200, body = MilestoneView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(input): AppJson<MilestoneInput>,
) -> Result<Json<MilestoneView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| implementation::update_milestone(c, &actor, id, &input)).await?))
}

#[utoipa::path(get, path = "/api/v1/board", tag = "implementation", params(BoardQuery),
    responses((status = 200, description = "Proposals by stage: under evaluation, feasible, approved, scheduled, in implementation, completed", body = Board)))]
pub async fn board(State(state): State<AppState>, Query(q): Query<BoardQuery>) -> Result<Json<Board>, ApiError> {
    Ok(Json(db::read(&state.pool, move |c| implementation::board(c, &q)).await?))
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/implementation/photos", tag = "implementation",
    request_body(content_type = "multipart/form-data", description = "`phase` (before or after) and up to six `photos` a side"),
    responses((status = 201, description = "The implementation with its photos", body = ImplementationView),
        (status = 401, body = ErrorBody), (status = 403, description = "Staff only", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "The proposal is not approved, scheduled, in implementation or completed", body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, description = "No phase or no photo, too many, too large, or not a photo", body = ErrorBody)))]
pub async fn photos(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<(StatusCode, Json<ImplementationView>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(crate::media::implementation_photos(&state, &me, id, multipart, &mut Default::default()).await?),
    ))
}
