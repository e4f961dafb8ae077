//! Comments over JSON: read a submission's conversation, comment or answer officially, edit,
//! delete (flags are in `moderation`).
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::{Caller, Id, SignedIn};
use crate::http::limits::Action;
use crate::state::AppState;
use app::comments::{service as comments, CommentView, NewComment};
use app::db;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::Deserialize;

#[utoipa::path(get, path = "/api/v1/submissions/{id}/comments", tag = "comments",
    responses((status = 200, body = Vec<CommentView>), (status = 404, body = ErrorBody)))]
pub async fn comments_list(
    State(state): State<AppState>,
    caller: Caller,
    Id(id): Id,
) -> Result<Json<Vec<CommentView>>, ApiError> {
    let actor = caller.actor;
    Ok(Json(db::read(&state.pool, move |c| comments::list(c, &actor, id)).await?))
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/comments", tag = "comments", request_body = NewComment,
    responses((status = 201, body = CommentView),
        (status = 202, description = "The text matched the word list: it waits for a moderator (`\"moderation\": \"pending\"`) and only its author sees it", body = CommentView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "The submission is closed or withdrawn", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn comments_create(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(body): AppJson<NewComment>,
) -> Result<(StatusCode, Json<CommentView>), ApiError> {
    me.limit(&state, Action::Comment)?;
    let actor = me.actor.clone();
    let comment = db::tx(&state.pool, move |c| comments::add(c, &actor, id, &body)).await?;
    let status = if comment.moderation.is_some() { StatusCode::ACCEPTED } else { StatusCode::CREATED };
    Ok((status, Json(comment)))
}

#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EditComment {
    pub body: String,
}

#[utoipa::path(patch, path = "/api/v1/comments/{id}", tag = "comments", request_body = EditComment,
    responses((status = 200, body = CommentView), (status = 403, body = ErrorBody),
        (status = 409, description = "More than ten minutes have passed", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn comment_edit(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(body): AppJson<EditComment>,
) -> Result<Json<CommentView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| comments::edit(c, &actor, id, &body.body)).await?))
}

#[utoipa::path(delete, path = "/api/v1/comments/{id}", tag = "comments",
    responses((status = 204, description = "Deleted; a placeholder stays"), (status = 403, body = ErrorBody)))]
pub async fn comment_delete(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<StatusCode, ApiError> {
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| comments::delete(c, &actor, id)).await?;
    Ok(StatusCode::NO_CONTENT)
}
