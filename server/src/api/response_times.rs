//! Response times over JSON (issue 11): the targets, the working hours and the holiday calendar
//! (public reads, admin writes, each write audited by `response_times::service`), and the public
//! statistics of how well the targets are kept.
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::SignedIn;
use crate::state::AppState;
use app::db;
use app::response_times::service as response;
use app::response_times::{HolidayView, ResponseStats, ResponseTarget, StatsQuery, WorkingHoursView};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

#[utoipa::path(get, path = "/api/v1/response-targets", tag = "response times",
    responses((status = 200, description = "Per service-request kind: the first-response target in working hours and the resolution target in working days", body = Vec<ResponseTarget>)))]
pub async fn targets_get(State(state): State<AppState>) -> Result<Json<Vec<ResponseTarget>>, ApiError> {
    Ok(Json(db::read(&state.pool, response::targets).await?))
}

#[utoipa::path(put, path = "/api/v1/response-targets", tag = "response times", request_body = Vec<ResponseTarget>,
    responses((status = 200, description = "Every kind's targets after the change; they count for requests received from now on", body = Vec<ResponseTarget>),
        (status = 401, body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody),
        (status = 422, description = "A kind that is not a service request, hours outside 1–500 or days outside 1–365 (fields `{kind}.first_response_hours`, `{kind}.resolution_days`)", body = ErrorBody)))]
pub async fn targets_put(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(input): AppJson<Vec<ResponseTarget>>,
) -> Result<Json<Vec<ResponseTarget>>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| response::set_targets(c, &actor, &input)).await?))
}

#[utoipa::path(get, path = "/api/v1/working-hours", tag = "response times",
    responses((status = 200, description = "The working day in İnegöl, HH:MM", body = WorkingHoursView)))]
pub async fn hours_get(State(state): State<AppState>) -> Result<Json<WorkingHoursView>, ApiError> {
    Ok(Json(db::read(&state.pool, |c| Ok(response::working_calendar(c)?.hours)).await?))
}

#[utoipa::path(put, path = "/api/v1/working-hours", tag = "response times", request_body = WorkingHoursView,
    responses((status = 200, description = "The hours after the change", body = WorkingHoursView),
        (status = 401, body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody),
        (status = 422, description = "A time not written HH:MM, a close not after the opening, or a half-day close outside them", body = ErrorBody)))]
pub async fn hours_put(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(input): AppJson<WorkingHoursView>,
) -> Result<Json<WorkingHoursView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::tx(&state.pool, move |c| response::set_hours(c, &actor, &input)).await?))
}

#[utoipa::path(get, path = "/api/v1/holidays", tag = "response times",
    responses((status = 200, description = "The holiday calendar, by date", body = Vec<HolidayView>)))]
pub async fn holidays_get(State(state): State<AppState>) -> Result<Json<Vec<HolidayView>>, ApiError> {
    Ok(Json(db::read(&state.pool, response::holidays).await?))
}

#[utoipa::path(post, path = "/api/v1/holidays", tag = "response times", request_body = HolidayView,
    responses((status = 201, description = "The date as stored", body = HolidayView),
        (status = 401, body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody),
        (status = 409, description = "The date is already in the calendar", body = ErrorBody),
        (status = 422, description = "A date not written YYYY-MM-DD, no Turkish name, or an unknown kind", body = ErrorBody)))]
pub async fn holidays_post(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(input): AppJson<HolidayView>,
) -> Result<(StatusCode, Json<HolidayView>), ApiError> {
    let actor = me.actor.clone();
    let made = db::tx(&state.pool, move |c| response::add_holiday(c, &actor, &input)).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

#[utoipa::path(delete, path = "/api/v1/holidays/{date}", tag = "response times", params(("date" = String, Path, description = "YYYY-MM-DD")),
    responses((status = 204, description = "Removed"), (status = 401, body = ErrorBody),
        (status = 403, description = "Admins only", body = ErrorBody), (status = 404, description = "Not in the calendar", body = ErrorBody)))]
pub async fn holidays_delete(
    State(state): State<AppState>,
    me: SignedIn,
    Path(date): Path<String>,
) -> Result<StatusCode, ApiError> {
    let actor = me.actor.clone();
    db::tx(&state.pool, move |c| response::delete_holiday(c, &actor, &date)).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/stats/response-times", tag = "response times", params(StatsQuery),
    responses((status = 200, description = "Per month of receipt, kind and directorate, and per month in all: the count, the median first response in working hours and the share within target, the median resolution in working days and the share within target, and how many are open and overdue now. Counted at most once a minute.", body = ResponseStats),
        (status = 422, description = "A month not written YYYY-MM, a range over 24 months or backwards, an unknown kind or directorate", body = ErrorBody)))]
pub async fn stats(State(state): State<AppState>, Query(q): Query<StatsQuery>) -> Result<Response, ApiError> {
    let counted = response::stats_cached(&state.pool, q).await?;
    Ok(([(header::CONTENT_TYPE, "application/json")], Bytes::copy_from_slice(&counted.json)).into_response())
}
