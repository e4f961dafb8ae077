//! Drafts over JSON: the signed-in user's unsent submissions. A draft is saved with light checks
//! and sent with `POST /api/v1/drafts/{id}/publish`, which applies every rule of
//! `POST /api/v1/submissions` and removes the draft. Photos are added after sending, with
//! `POST /api/v1/submissions/{id}/photos`.
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::{Id, SignedIn};
use crate::http::limits::Action;
use crate::state::AppState;
use app::db;
use app::submissions::{drafts, service, Created, DraftView, NewSubmission};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;

/// The signed-in user's drafts, most recently saved first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DraftList {
    pub items: Vec<DraftView>,
}

#[utoipa::path(get, path = "/api/v1/drafts", tag = "drafts",
    responses((status = 200, body = DraftList), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, me: SignedIn) -> Result<Json<DraftList>, ApiError> {
    let actor = me.actor.clone();
    let items = db::read(&state.pool, move |c| drafts::list(c, &actor)).await?;
    Ok(Json(DraftList { items }))
}

#[utoipa::path(post, path = "/api/v1/drafts", tag = "drafts", request_body = NewSubmission,
    responses((status = 201, body = DraftView), (status = 401, body = ErrorBody),
        (status = 409, description = "Too many drafts kept", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(body): AppJson<NewSubmission>,
) -> Result<(StatusCode, Json<DraftView>), ApiError> {
    let actor = me.actor.clone();
    let saved = db::tx(&state.pool, move |c| drafts::save(c, &actor, None, &body)).await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

#[utoipa::path(get, path = "/api/v1/drafts/{id}", tag = "drafts",
    responses((status = 200, body = DraftView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<Json<DraftView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::read(&state.pool, move |c| drafts::get(c, &actor, id)).await?))
}

#[utoipa::path(put, path = "/api/v1/drafts/{id}", tag = "drafts", request_body = NewSubmission,
    responses((status = 200, body = DraftView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(body): AppJson<NewSubmission>,
) -> Result<Json<DraftView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| drafts::save(c, &actor, Some(id), &body)).await?))
}

#[utoipa::path(delete, path = "/api/v1/drafts/{id}", tag = "drafts",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<StatusCode, ApiError> {
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| drafts::delete(c, &actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/drafts/{id}/publish", tag = "drafts",
    responses((status = 201, body = Created),
        (status = 202, description = "Sent, but its text matched the word list: it waits for a moderator (`\"moderation\": \"pending\"`)", body = Created),
        (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "The draft breaks a rule of a new submission", body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    me.limit(&state, Action::Submit)?;
    let created = service::publish_draft(&state.pool, me.actor.clone(), id).await?;
    Ok((super::submissions::created_status(&created), Json(created)))
}
