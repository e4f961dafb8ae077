//! The admin forms of `/admin/map`: the background tiles, and the district's outline uploaded as
//! a GeoJSON file (or forgotten). Each calls the same `map::service` function as the JSON API;
//! failures go back with the errors and what was typed.
use crate::forms::{done, Back, FormError};
use crate::http::caller::SignedIn;
use crate::state::AppState;
use app::error::{AppError, FieldErrors, Problem};
use app::map::service as map;
use app::map::{Tiles, OUTLINE_MAX_BYTES};
use app::session::FormName;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::rejection::FormRejection;
use axum::extract::State;
use axum::response::Response;
use axum::Form;
use std::collections::HashMap;

/// The body an outline may come in: the file's limit and room for the form around it (the
/// routes' own limit, above the site's 256 KB).
pub const OUTLINE_BODY_LIMIT: usize = OUTLINE_MAX_BYTES + 64 * 1024;

pub async fn tiles(
    State(state): State<AppState>,
    me: SignedIn,
    form: Result<Form<HashMap<String, String>>, FormRejection>,
) -> Result<Response, FormError> {
    let (back, f) = Back::new("/admin/map#tiles", FormName::MapTiles).read(form)?;
    let text = |k: &str| f.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    let input = Tiles { tile_url: text("tile_url"), attribution: text("attribution") };
    let actor = me.actor.clone();
    map::write(&state.pool, move |c| map::set_tiles(c, &actor, &input)).await.map_err(|e| back.fail(e))?;
    Ok(done("/admin/map#tiles", "map_tiles_saved"))
}

/// The outline file (`outline`), read up to one byte past the limit: a larger one is refused
/// without reading the rest.
pub async fn outline(
    State(state): State<AppState>,
    me: SignedIn,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, FormError> {
    let back = Back::new("/admin/map#district", FormName::DistrictOutline);
    let refuse = |p: Problem| back.fail(AppError::Validation { fields: FieldErrors::single("outline", p) });
    let mut multipart = multipart.map_err(|_| refuse(Problem::NotGeoJson))?;
    // A body past the route's limit is a file too large, not an unreadable one.
    let unreadable = |e: axum::extract::multipart::MultipartError| {
        refuse(if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            Problem::TooLarge
        } else {
            Problem::NotGeoJson
        })
    };
    let mut file = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("outline") {
            continue;
        }
        while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
            file.extend_from_slice(&chunk);
            if file.len() > OUTLINE_MAX_BYTES {
                return Err(refuse(Problem::TooLarge));
            }
        }
    }
    let text = String::from_utf8(file).map_err(|_| refuse(Problem::NotGeoJson))?;
    let actor = me.actor.clone();
    map::write(&state.pool, move |c| map::set_outline(c, &actor, &text)).await.map_err(|e| back.fail(e))?;
    Ok(done("/admin/map#district", "district_outline_saved"))
}

pub async fn outline_delete(State(state): State<AppState>, me: SignedIn) -> Result<Response, FormError> {
    let back = Back::new("/admin/map#district", FormName::DistrictOutline);
    let actor = me.actor.clone();
    map::write(&state.pool, move |c| map::clear_outline(c, &actor)).await.map_err(|e| back.fail(e))?;
    Ok(done("/admin/map#district", "district_outline_cleared"))
}
