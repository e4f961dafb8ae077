//! GET /api/v1/health: is the server up and can it reach its database.
use super::error::{ApiError, ApiLang};
use crate::router::AppState;
use app::db;
use axum::extract::State;
use axum::Json;
use diesel::connection::SimpleConnection;
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok` when the answer is 200.
    pub status: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    pub version: String,
}

#[utoipa::path(get, path = "/api/v1/health", tag = "meta",
    responses((status = 200, body = Health), (status = 503, body = super::error::ErrorBody)))]
pub async fn health(State(state): State<AppState>, lang: ApiLang) -> Result<Json<Health>, ApiError> {
    let backend = db::tx(&state.pool, |c| {
        c.batch_execute("SELECT 1")?;
        Ok(c.backend())
    })
    .await
    .map_err(|e| lang.err(e))?;
    Ok(Json(Health {
        status: "ok".into(),
        database: backend.as_str().into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
