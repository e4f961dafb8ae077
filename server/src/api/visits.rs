//! Field visits over JSON (issue 11): staff plan a VİM stop or a neighbourhood meeting; everyone
//! lists them and reads each with the requests recorded during it.
use super::error::{ApiError, AppJson, ErrorBody};
use super::evaluation::CreatedId;
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::visits::service as visits;
use app::visits::{VisitDetail, VisitInput, VisitList, VisitQuery};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;

#[utoipa::path(get, path = "/api/v1/visits", tag = "visits", params(VisitQuery),
    responses((status = 200, description = "Visits (at most 200): planned ones soonest first, past ones newest first", body = VisitList)))]
pub async fn list(State(state): State<AppState>, Query(q): Query<VisitQuery>) -> Result<Json<VisitList>, ApiError> {
    Ok(Json(db::read(&state.pool, move |c| visits::list(c, &q)).await?))
}

#[utoipa::path(post, path = "/api/v1/visits", tag = "visits", request_body = VisitInput,
    responses((status = 201, body = CreatedId), (status = 401, body = ErrorBody), (status = 403, description = "Staff only", body = ErrorBody),
        (status = 422, description = "A kind other than vim or neighbourhood_meeting, an unknown neighbourhood, a date not written YYYY-MM-DD, no place, or text too long", body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(input): AppJson<VisitInput>,
) -> Result<(StatusCode, Json<CreatedId>), ApiError> {
    let actor = me.actor.clone();
    let id = db::tx(&state.pool, move |c| visits::create(c, &actor, &input)).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id })))
}

#[utoipa::path(get, path = "/api/v1/visits/{id}", tag = "visits",
    responses((status = 200, description = "The visit and the requests recorded during it, oldest first", body = VisitDetail), (status = 404, body = ErrorBody)))]
pub async fn detail(State(state): State<AppState>, Id(id): Id) -> Result<Json<VisitDetail>, ApiError> {
    Ok(Json(db::read(&state.pool, move |c| visits::detail(c, id)).await?))
}
