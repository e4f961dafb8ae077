//! Drafts over JSON: the signed-in user's unsent submissions. A draft is saved with light checks
//! and sent with `POST /api/v1/drafts/{id}/publish`, which applies every rule of
//! `POST /api/v1/submissions` and removes the draft. Photos are added after sending, with
//! `POST /api/v1/submissions/{id}/photos`.
use super::error::{ApiError, ApiLang, AppJson, ErrorBody};
use super::submissions::{actor, id_of};
use crate::router::AppState;
use app::db;
use app::submissions::{drafts, service, Created, DraftView, NewSubmission};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::Serialize;
use tower_sessions::Session;

/// The signed-in user's drafts, most recently saved first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DraftList {
    pub items: Vec<DraftView>,
}

#[utoipa::path(get, path = "/api/v1/drafts", tag = "drafts",
    responses((status = 200, body = DraftList), (status = 401, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, lang: ApiLang, session: Session) -> Result<Json<DraftList>, ApiError> {
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    let items = db::read(&state.pool, move |c| drafts::list(c, &actor)).await.map_err(|e| lang.err(e))?;
    Ok(Json(DraftList { items }))
}

#[utoipa::path(post, path = "/api/v1/drafts", tag = "drafts", request_body = NewSubmission,
    responses((status = 201, body = DraftView), (status = 401, body = ErrorBody),
        (status = 409, description = "Too many drafts kept", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    AppJson(body): AppJson<NewSubmission>,
) -> Result<(StatusCode, Json<DraftView>), ApiError> {
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    let saved = db::tx(&state.pool, move |c| drafts::save(c, &actor, None, &body)).await.map_err(|e| lang.err(e))?;
    Ok((StatusCode::CREATED, Json(saved)))
}

#[utoipa::path(get, path = "/api/v1/drafts/{id}", tag = "drafts",
    responses((status = 200, body = DraftView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<Json<DraftView>, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    db::read(&state.pool, move |c| drafts::get(c, &actor, id)).await.map(Json).map_err(|e| lang.err(e))
}

#[utoipa::path(put, path = "/api/v1/drafts/{id}", tag = "drafts", request_body = NewSubmission,
    responses((status = 200, body = DraftView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
    AppJson(body): AppJson<NewSubmission>,
) -> Result<Json<DraftView>, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    db::tx(&state.pool, move |c| drafts::save(c, &actor, Some(id), &body)).await.map(Json).map_err(|e| lang.err(e))
}

#[utoipa::path(delete, path = "/api/v1/drafts/{id}", tag = "drafts",
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    db::tx(&state.pool, move |c| drafts::delete(c, &actor, id)).await.map_err(|e| lang.err(e))?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/drafts/{id}/publish", tag = "drafts",
    responses((status = 201, body = Created), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "The draft breaks a rule of a new submission", body = ErrorBody)))]
pub async fn publish(
    State(state): State<AppState>,
    lang: ApiLang,
    session: Session,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = id_of(&id).map_err(|e| lang.err(e))?;
    let actor = actor(&state, &session).await.map_err(|e| lang.err(e))?;
    let reader = actor.clone();
    let draft = db::read(&state.pool, move |c| drafts::get(c, &reader, id)).await.map_err(|e| lang.err(e))?;
    let send = service::ToSend { input: drafts::as_submission(&draft), draft: Some(id), ..Default::default() };
    let (created, _) =
        service::submit_with_media(&state.pool, actor, send, Vec::new()).await.map_err(|e| lang.err(e))?;
    Ok((StatusCode::CREATED, Json(created)))
}
