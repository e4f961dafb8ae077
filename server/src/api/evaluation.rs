//! The evaluation committee over JSON: the rubric, rounds (open, read as the caller may, score,
//! recuse, close), the chair's decision and the public scorecard. Every read goes through
//! `evaluation::service`, which applies blind scoring.
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::{Caller, Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::domain::evaluation::SheetLine;
use app::error::AppError;
use app::evaluation::service::{self as evaluation, DecisionInput};
use app::evaluation::{RoundView, RubricView, Scorecard};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};

#[utoipa::path(get, path = "/api/v1/rubrics", tag = "evaluation",
    responses((status = 200, description = "Every version of the rubric, the one new rounds use first", body = Vec<RubricView>)))]
pub async fn rubrics(State(state): State<AppState>) -> Result<Json<Vec<RubricView>>, ApiError> {
    Ok(Json(db::read(&state.pool, evaluation::rubrics).await?))
}

#[derive(Deserialize, Default, utoipa::ToSchema)]
pub struct OpenRound {
    /// The last day of scoring (`YYYY-MM-DD`, İnegöl time); two weeks from now without it.
    #[serde(default)]
    pub deadline: Option<String>,
    /// The committee whose evaluators score it (its chair only may open it); without one,
    /// every evaluator of the day.
    #[serde(default)]
    pub committee_id: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedId {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/rounds", tag = "evaluation", request_body = OpenRound,
    responses((status = 201, body = CreatedId), (status = 401, body = ErrorBody), (status = 403, description = "Not the chair, or not the committee's chair", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Not under evaluation, a round is open already, or fewer evaluators than the quorum", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn open_round(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    body: axum::body::Bytes,
) -> Result<(StatusCode, Json<CreatedId>), ApiError> {
    let actor = me.actor.clone();
    // The body is optional: none (or an empty one) opens a round of the default length.
    let open: OpenRound = if body.iter().all(u8::is_ascii_whitespace) {
        OpenRound::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| AppError::BadRequest { detail: e.to_string() })?
    };
    let (deadline, committee) = (open.deadline, open.committee_id);
    let round =
        db::tx(&state.pool, move |c| evaluation::open_round(c, &actor, id, deadline.as_deref(), committee)).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id: round })))
}

#[utoipa::path(get, path = "/api/v1/rounds/{id}", tag = "evaluation",
    responses((status = 200, description = "The round as the caller may see it: no other member's scores before the caller has scored, none for anyone else before it closes", body = RoundView),
        (status = 404, body = ErrorBody)))]
pub async fn round(State(state): State<AppState>, caller: Caller, Id(id): Id) -> Result<Json<RoundView>, ApiError> {
    let actor = caller.actor;
    Ok(Json(db::read(&state.pool, move |c| evaluation::round_view(c, &actor, id)).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ScoreSheet {
    pub scores: Vec<SheetLine>,
}

#[utoipa::path(put, path = "/api/v1/rounds/{id}/scores/me", tag = "evaluation", request_body = ScoreSheet,
    responses((status = 200, description = "Sent (final); the round as the member now sees it", body = RoundView),
        (status = 401, body = ErrorBody), (status = 403, description = "Not a member of this round", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, description = "Closed, recused, or sent already", body = ErrorBody),
        (status = 422, description = "A criterion without a score or justification, or a score off the scale", body = ErrorBody)))]
pub async fn scores_me(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(sheet): AppJson<ScoreSheet>,
) -> Result<Json<RoundView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| evaluation::submit_scores(c, &actor, id, &sheet.scores)).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct Recusal {
    /// Kept for the committee's record; the public sees only that a member stepped aside.
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/rounds/{id}/recusal", tag = "evaluation", request_body = Recusal,
    responses((status = 200, body = RoundView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn recusal(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(r): AppJson<Recusal>,
) -> Result<Json<RoundView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| evaluation::recuse(c, &actor, id, &r.reason)).await?))
}

#[utoipa::path(post, path = "/api/v1/rounds/{id}/close", tag = "evaluation",
    responses((status = 200, description = "Closed; the result is public", body = RoundView), (status = 401, body = ErrorBody),
        (status = 403, description = "Not the chair", body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Closed already, or the quorum has not scored", body = ErrorBody)))]
pub async fn close(State(state): State<AppState>, me: SignedIn, Id(id): Id) -> Result<Json<RoundView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| evaluation::close_round(c, &actor, id)).await?))
}

#[utoipa::path(post, path = "/api/v1/submissions/{id}/decision", tag = "evaluation", request_body = DecisionInput,
    responses((status = 201, body = CreatedId), (status = 401, body = ErrorBody), (status = 403, description = "Not the chair", body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "A round is open, or the workflow has no such move from here", body = ErrorBody),
        (status = 422, description = "Without public_reason, or an unknown outcome", body = ErrorBody)))]
pub async fn decision(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(d): AppJson<DecisionInput>,
) -> Result<(StatusCode, Json<CreatedId>), ApiError> {
    let actor = me.actor.clone();
    let made = db::tx(&state.pool, move |c| evaluation::decide(c, &actor, id, &d)).await?;
    state.pool.caches().clear_counts();
    Ok((StatusCode::CREATED, Json(CreatedId { id: made })))
}

#[utoipa::path(get, path = "/api/v1/submissions/{id}/scorecard", tag = "evaluation",
    responses((status = 200, description = "The last closed round's result (`mean` per criterion and overall, with the spread) and the decisions", body = Scorecard),
        (status = 404, description = "No such submission, or no round has closed", body = ErrorBody)))]
pub async fn scorecard(State(state): State<AppState>, Id(id): Id) -> Result<Json<Scorecard>, ApiError> {
    let rubrics = state.pool.caches().slot::<evaluation::KeptRubrics>();
    Ok(Json(db::read(&state.pool, move |c| evaluation::scorecard(c, id, &rubrics)).await?))
}
