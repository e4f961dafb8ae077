//! Moderation over JSON (issue 11): flags with a reason from the list, moderators' decisions,
//! their queue and settings, blocks and merges. Moderators are staff; the threshold and the word
//! list are the admins'.
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::{Id, SignedIn};
use crate::http::limits::Action;
use crate::state::AppState;
use app::db;
use app::domain::submissions::FlagTarget;
use app::moderation::service as moderation;
use app::moderation::{
    BlockInput, BlockView, FlagInput, MergeInput, MergeView, ModerationInput, ModerationOutcome, ModerationQueue,
};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

async fn flag(
    state: AppState,
    me: SignedIn,
    target: FlagTarget,
    id: i64,
    input: FlagInput,
) -> Result<StatusCode, ApiError> {
    me.limit(&state, Action::Flag)?;
    moderation::flag_tx(&state.pool, me.actor.clone(), target, id, input).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/flag", tag = "moderation", request_body = FlagInput,
    responses((status = 204, description = "Flagged for the moderators (the flag that reaches the threshold hides it)"),
        (status = 401, body = ErrorBody), (status = 403, description = "Blocked from writing", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, description = "No reason, or one not on the list", body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn flag_submission(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(body): AppJson<FlagInput>,
) -> Result<StatusCode, ApiError> {
    flag(state, me, FlagTarget::Submission, id, body).await
}

#[utoipa::path(post, path = "/api/v1/comments/{id}/flag", tag = "moderation", request_body = FlagInput,
    responses((status = 204, description = "Flagged for the moderators (the flag that reaches the threshold hides it)"),
        (status = 401, body = ErrorBody), (status = 403, description = "Blocked from writing", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, description = "No reason, or one not on the list", body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn flag_comment(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(body): AppJson<FlagInput>,
) -> Result<StatusCode, ApiError> {
    flag(state, me, FlagTarget::Comment, id, body).await
}

#[utoipa::path(post, path = "/api/v1/comments/{id}/moderation", tag = "moderation", request_body = ModerationInput,
    responses((status = 200, description = "Hidden (the public reads a placeholder with the reason) or public again", body = ModerationOutcome),
        (status = 401, body = ErrorBody), (status = 403, description = "Staff only", body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "An action other than hide or restore, or no reason", body = ErrorBody)))]
pub async fn moderate_comment(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(body): AppJson<ModerationInput>,
) -> Result<Json<ModerationOutcome>, ApiError> {
    Ok(Json(moderation::moderate_tx(&state.pool, me.actor.clone(), FlagTarget::Comment, id, body).await?))
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/moderation", tag = "moderation", request_body = ModerationInput,
    responses((status = 200, description = "Hidden (the public reads a placeholder with the reason) or public again", body = ModerationOutcome),
        (status = 401, body = ErrorBody), (status = 403, description = "Staff only", body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "An action other than hide or restore, or no reason", body = ErrorBody)))]
pub async fn moderate_submission(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(body): AppJson<ModerationInput>,
) -> Result<Json<ModerationOutcome>, ApiError> {
    Ok(Json(moderation::moderate_tx(&state.pool, me.actor.clone(), FlagTarget::Submission, id, body).await?))
}

#[utoipa::path(get, path = "/api/v1/moderation", tag = "moderation",
    responses((status = 200, description = "What waits for a moderator, the flag threshold and who is blocked", body = ModerationQueue),
        (status = 401, body = ErrorBody), (status = 403, description = "Staff only", body = ErrorBody)))]
pub async fn queue(State(state): State<AppState>, me: SignedIn) -> Result<Json<ModerationQueue>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::read(&state.pool, move |c| moderation::queue(c, &actor)).await?))
}

/// The moderation settings (`GET`/`PUT /api/v1/moderation/settings`).
#[derive(Debug, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ModerationSettings {
    /// Flags that hide a comment or submission until a moderator looks (1–100).
    pub flag_threshold: i64,
    /// The word list of pre-moderation: folded stems, each matched with its Turkish suffixes.
    pub words: Vec<String>,
}

#[utoipa::path(get, path = "/api/v1/moderation/settings", tag = "moderation",
    responses((status = 200, body = ModerationSettings), (status = 401, body = ErrorBody), (status = 403, description = "Staff and admins only", body = ErrorBody)))]
pub async fn settings(State(state): State<AppState>, me: SignedIn) -> Result<Json<ModerationSettings>, ApiError> {
    use app::domain::roles::Role;
    if !me.actor.has(Role::Staff) && !me.actor.has(Role::Admin) {
        return Err(app::error::AppError::Forbidden.into());
    }
    let (flag_threshold, words) =
        db::read(&state.pool, move |c| Ok((moderation::flag_threshold(c)?, moderation::words(c)?))).await?;
    Ok(Json(ModerationSettings { flag_threshold, words }))
}

#[utoipa::path(put, path = "/api/v1/moderation/settings", tag = "moderation", request_body = ModerationSettings,
    responses((status = 200, body = ModerationSettings), (status = 401, body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody),
        (status = 422, description = "A threshold outside 1–100, or an entry that is not one word", body = ErrorBody)))]
pub async fn set_settings(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(body): AppJson<ModerationSettings>,
) -> Result<Json<ModerationSettings>, ApiError> {
    let actor = me.actor.clone();
    let (flag_threshold, words) = db::tx(&state.pool, move |c| {
        let n = moderation::set_flag_threshold(c, &actor, &body.flag_threshold.to_string())?;
        Ok((n, moderation::set_words(c, &actor, &body.words.join("\n"))?))
    })
    .await?;
    Ok(Json(ModerationSettings { flag_threshold, words }))
}

#[utoipa::path(post, path = "/api/v1/users/{id}/block", tag = "moderation", request_body = BlockInput,
    responses((status = 200, description = "Blocked through `until` (a day in the past lifts the block); the person is told by e-mail", body = BlockView),
        (status = 401, body = ErrorBody), (status = 403, description = "Staff only; staff and admins are blocked by admins", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, description = "No reason, a date not written YYYY-MM-DD, or oneself", body = ErrorBody)))]
pub async fn block(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(body): AppJson<BlockInput>,
) -> Result<Json<BlockView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| moderation::block(c, &actor, id, &body)).await?))
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/merge", tag = "moderation", request_body = MergeInput,
    responses((status = 200, description = "Merged: a public link both ways, followers moved, supporters invited", body = MergeView),
        (status = 401, body = ErrorBody), (status = 403, description = "Staff only", body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "The duplicate is closed", body = ErrorBody),
        (status = 422, description = "`into` is itself, unknown, of the other track, merged or withdrawn", body = ErrorBody)))]
pub async fn merge(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(body): AppJson<MergeInput>,
) -> Result<Json<MergeView>, ApiError> {
    Ok(Json(moderation::merge_tx(&state.pool, me.actor.clone(), id, body.into).await?))
}
