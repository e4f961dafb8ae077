//! The map's settings over JSON (issue 11): the background tiles and the district's outline
//! (public reads, admin writes, each write audited by `map::service`).
use super::error::{ApiError, AppJson, ErrorBody};
use crate::http::caller::SignedIn;
use crate::state::AppState;
use app::error::{AppError, FieldErrors, Problem};
use app::map::service as map;
use app::map::{DistrictView, Tiles};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::State;
use axum::Json;

#[utoipa::path(get, path = "/api/v1/map-settings", tag = "map",
    responses((status = 200, description = "The maps' background tiles (`tile_url` empty: none) and their attribution", body = Tiles)))]
pub async fn settings_get(State(state): State<AppState>) -> Result<Json<Tiles>, ApiError> {
    Ok(Json((*map::tiles(&state.pool).await?).clone()))
}

#[utoipa::path(put, path = "/api/v1/map-settings", tag = "map", request_body = Tiles,
    responses((status = 200, description = "The tiles after the change; every page's Content-Security-Policy allows exactly their host (other servers follow within 30 s)", body = Tiles),
        (status = 401, body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody),
        (status = 422, description = "`tile_url` not empty and not an https:// URL with {z}, {x} and {y} (`not_a_tile_url`), or a tile URL without `attribution`", body = ErrorBody)))]
pub async fn settings_put(
    State(state): State<AppState>,
    me: SignedIn,
    AppJson(input): AppJson<Tiles>,
) -> Result<Json<Tiles>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(map::write(&state.pool, move |c| map::set_tiles(c, &actor, &input)).await?))
}

#[utoipa::path(get, path = "/api/v1/district", tag = "map",
    responses((status = 200, description = "The district points must fall in: `source` is `box` (the default box of reference/inegol-district.json) or `outline` (uploaded by an admin), with its box and its GeoJSON geometry", body = DistrictView)))]
pub async fn district_get(State(state): State<AppState>) -> Result<Json<DistrictView>, ApiError> {
    Ok(Json((*map::district_view_cached(&state.pool).await?).clone()))
}

#[utoipa::path(put, path = "/api/v1/district", tag = "map",
    request_body(content = String, description = "GeoJSON: a Polygon or MultiPolygon geometry, a Feature holding one, or a FeatureCollection (its polygons together); at most 8 MB and 200,000 points", content_type = "application/geo+json"),
    responses((status = 200, description = "The district after the change: from now on a point outside it is refused", body = DistrictView),
        (status = 401, body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody),
        (status = 422, description = "Field `outline`: `not_geojson`, `no_polygon`, `bad_coordinates`, `too_few_points`, `open_ring`, `too_large`, or `not_the_district` (it does not hold İnegöl's town centre)", body = ErrorBody)))]
pub async fn district_put(
    State(state): State<AppState>,
    me: SignedIn,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<DistrictView>, ApiError> {
    // Past the route's limit: the outline is too large (as the service says of a smaller excess).
    let body = body.map_err(|r| {
        let problem = if r.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            Problem::TooLarge
        } else {
            Problem::NotGeoJson
        };
        AppError::Validation { fields: FieldErrors::single("outline", problem) }
    })?;
    let actor = me.actor.clone();
    // Not UTF-8 is not GeoJSON: the service says so.
    let text = String::from_utf8(body.to_vec()).unwrap_or_else(|_| "\u{0}".to_owned());
    Ok(Json(map::write(&state.pool, move |c| map::set_outline(c, &actor, &text)).await?))
}

#[utoipa::path(delete, path = "/api/v1/district", tag = "map",
    responses((status = 200, description = "The uploaded outline is forgotten: the default box holds again", body = DistrictView),
        (status = 401, body = ErrorBody), (status = 403, description = "Admins only", body = ErrorBody)))]
pub async fn district_delete(State(state): State<AppState>, me: SignedIn) -> Result<Json<DistrictView>, ApiError> {
    let actor = me.actor.clone();
    Ok(Json(map::write(&state.pool, move |c| map::clear_outline(c, &actor)).await?))
}
