//! İnegöl's reference data, public: directorates, categories (with their directorate) and the
//! neighbourhoods (in Turkish alphabetical order).
use super::error::{ApiError, ErrorBody};
use crate::state::AppState;
use app::db;
use app::reference::{service, Category, Directorate, Neighbourhood};
use axum::extract::State;
use axum::Json;

#[utoipa::path(get, path = "/api/v1/directorates", tag = "reference",
    responses((status = 200, body = Vec<Directorate>), (status = 503, body = ErrorBody)))]
pub async fn directorates(State(state): State<AppState>) -> Result<Json<Vec<Directorate>>, ApiError> {
    db::read(&state.pool, service::directorates).await.map(Json).map_err(ApiError::from)
}

#[utoipa::path(get, path = "/api/v1/categories", tag = "reference",
    responses((status = 200, body = Vec<Category>), (status = 503, body = ErrorBody)))]
pub async fn categories(State(state): State<AppState>) -> Result<Json<Vec<Category>>, ApiError> {
    db::read(&state.pool, service::categories).await.map(Json).map_err(ApiError::from)
}

#[utoipa::path(get, path = "/api/v1/neighbourhoods", tag = "reference",
    responses((status = 200, body = Vec<Neighbourhood>), (status = 503, body = ErrorBody)))]
pub async fn neighbourhoods(State(state): State<AppState>) -> Result<Json<Vec<Neighbourhood>>, ApiError> {
    db::read(&state.pool, service::neighbourhoods).await.map(Json).map_err(ApiError::from)
}
