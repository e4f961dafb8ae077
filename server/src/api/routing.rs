//! Routing over JSON (issue 11): staff route a service request to a directorate and an officer,
//! and read a directorate's queue.
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::{Id, SignedIn};
use crate::state::AppState;
use app::db;
use app::routing::service as routing;
use app::routing::{AssignmentInput, Queue, QueueQuery};
use app::submissions::EventView;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::Json;

#[utoipa::path(post, path = "/api/v1/submissions/{id}/assignment", tag = "routing", request_body = AssignmentInput,
    responses((status = 201, description = "The routing, a public step of the timeline (a received request becomes routed)", body = EventView),
        (status = 401, body = ErrorBody), (status = 403, description = "Staff only", body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Not a service request, or closed", body = ErrorBody),
        (status = 422, description = "An unknown or inactive directorate, or an officer who is not staff of it", body = ErrorBody)))]
pub async fn assign(
    State(state): State<AppState>,
    me: SignedIn,
    Id(id): Id,
    AppJson(input): AppJson<AssignmentInput>,
) -> Result<(StatusCode, Json<EventView>), ApiError> {
    let actor = me.actor.clone();
    let step = db::tx(&state.pool, move |c| routing::assign(c, &actor, id, &input)).await?;
    state.pool.caches().clear_counts();
    Ok((StatusCode::CREATED, Json(step)))
}

#[utoipa::path(get, path = "/api/v1/queues/{directorate_id}", tag = "routing", params(QueueQuery),
    responses((status = 200, description = "The directorate's open service requests, oldest first", body = Queue),
        (status = 401, body = ErrorBody), (status = 403, description = "Staff only", body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn queue(
    State(state): State<AppState>,
    me: SignedIn,
    Id(directorate): Id,
    Query(q): Query<QueueQuery>,
) -> Result<Json<Queue>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(db::read(&state.pool, move |c| routing::queue(c, &actor, directorate, &q)).await?))
}
