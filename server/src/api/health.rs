//! GET /api/v1/health: is the server up and can it reach its database.
use super::error::ApiError;
use crate::state::AppState;
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
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    // A read, not a transaction: on SQLite a transaction takes the write lock, and a health
    // check must neither wait behind writers nor hold them up.
    let backend = db::read(&state.pool, |c| {
        c.batch_execute("SELECT 1")?;
        Ok(c.backend())
    })
    .await?;
    Ok(Json(Health {
        status: "ok".into(),
        database: backend.as_str().into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}
