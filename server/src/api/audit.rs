//! The audit log over JSON, for administrators: `GET /api/v1/admin/audit` with the page's filters.
use super::error::{ApiError, ErrorBody};
use crate::http::caller::SignedIn;
use crate::state::AppState;
use app::audit::{service, AuditPage, AuditQuery};
use app::db;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;

#[utoipa::path(get, path = "/api/v1/admin/audit", tag = "admin", params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "A filter value is not valid", body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    me: SignedIn,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> Result<Json<AuditPage>, ApiError> {
    let Query(q) = query.map_err(|r| app::error::AppError::BadRequest { detail: r.body_text() })?;
    let actor = me.actor.clone();
    Ok(Json(db::read(&state.pool, move |c| service::list(c, &actor, &q)).await?))
}
