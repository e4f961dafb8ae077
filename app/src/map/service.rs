//! (ssr) The map's settings and the district: the tiles (admins set them; until then those the
//! server started with), and the district's outline (admins upload it; until then the box of
//! `reference/inegol-district.json`). Both are kept in memory for a short while per database, so
//! every page's Content-Security-Policy costs no query; a change on this server is seen at once,
//! on another within [`CACHED_FOR`]. One function per operation: the JSON API, the admin forms
//! and the tests call the same ones.
use super::{is_tile_url, DistrictView, Tiles, ATTRIBUTION_MAX, OUTLINE_MAX_BYTES, TILE_URL_MAX};
use crate::auth::Actor;
use crate::db::{DbConn, Pool};
use crate::domain::geo::{BBox, Boundary, BoundaryError, District};
use crate::domain::roles::Role;
use crate::domain::submissions::{DISTRICT_BOX, TOWN_CENTRE};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::settings::{self, DISTRICT_OUTLINE, MAP_ATTRIBUTION, MAP_TILE_URL};
use std::sync::Arc;
use std::time::Duration;

/// How long another server may go on with the tiles or the district it read.
pub const CACHED_FOR: Duration = Duration::from_secs(30);

/// The tiles in use, read from the database.
pub fn tiles_in(conn: &mut DbConn) -> AppResult<Tiles> {
    let start = super::starting_tiles();
    Ok(Tiles {
        tile_url: settings::get_text(conn, MAP_TILE_URL)?.unwrap_or(start.tile_url),
        attribution: settings::get_text(conn, MAP_ATTRIBUTION)?.unwrap_or(start.attribution),
    })
}

/// `read`'s value from memory when read less than [`CACHED_FOR`] ago, else from the database
/// (and kept); `write` forgets each of them.
async fn kept<T: Send + Sync + 'static>(pool: &Pool, read: fn(&mut DbConn) -> AppResult<T>) -> AppResult<Arc<T>> {
    if let Some(v) = pool.caches().get::<T>() {
        return Ok(v);
    }
    let v = Arc::new(crate::db::read(pool, read).await?);
    pool.caches().put(v.clone(), CACHED_FOR);
    Ok(v)
}

/// The tiles in use, from memory when read less than [`CACHED_FOR`] ago.
pub async fn tiles(pool: &Pool) -> AppResult<Arc<Tiles>> {
    kept(pool, tiles_in).await
}

/// Sets the tiles (admin): empty for a map without background, else an `https://` URL with
/// `{z}`, `{x}` and `{y}` and the attribution its makers ask for.
pub fn set_tiles(conn: &mut DbConn, actor: &Actor, input: &Tiles) -> AppResult<Tiles> {
    actor.require(Role::Admin)?;
    let tiles = Tiles { tile_url: input.tile_url.trim().to_owned(), attribution: input.attribution.trim().to_owned() };
    let mut errors = FieldErrors::new();
    if tiles.tile_url.chars().count() > TILE_URL_MAX {
        errors.add("tile_url", Problem::TooLong);
    } else if !tiles.tile_url.is_empty() && !is_tile_url(&tiles.tile_url) {
        errors.add("tile_url", Problem::NotATileUrl);
    }
    if tiles.attribution.chars().count() > ATTRIBUTION_MAX {
        errors.add("attribution", Problem::TooLong);
    } else if !tiles.tile_url.is_empty() && tiles.attribution.is_empty() {
        errors.add("attribution", Problem::Required);
    }
    errors.into_result()?;
    settings::set_text(conn, MAP_TILE_URL, &tiles.tile_url)?;
    settings::set_text(conn, MAP_ATTRIBUTION, &tiles.attribution)?;
    crate::audit::service::record(conn, actor, "map_tiles_set", "settings", &tiles.tile_url)?;
    Ok(tiles)
}

/// The district, read from the database: the uploaded outline, or the default box.
pub fn district_in(conn: &mut DbConn) -> AppResult<District> {
    match settings::get_text(conn, DISTRICT_OUTLINE)? {
        None => Ok(District::Box(DISTRICT_BOX)),
        // Stored only after it was read successfully: a value that no longer reads is a fault.
        Some(text) => Boundary::parse(&text)
            .map(District::Outline)
            .map_err(|e| AppError::internal(format!("the stored district outline does not read: {}", e.code()))),
    }
}

/// The district, from memory when read less than [`CACHED_FOR`] ago.
pub async fn district(pool: &Pool) -> AppResult<Arc<District>> {
    kept(pool, district_in).await
}

/// What `GET /api/v1/district` gives.
pub fn district_view(conn: &mut DbConn) -> AppResult<DistrictView> {
    let district = district_in(conn)?;
    let updated_at = match district {
        District::Box(_) => None,
        District::Outline(_) => {
            use crate::db::schema::settings as s;
            use diesel::prelude::*;
            let at: Option<time::PrimitiveDateTime> =
                s::table.find(DISTRICT_OUTLINE).select(s::updated_at).first(conn).optional()?;
            at.map(crate::db::time::iso)
        }
    };
    Ok(view_of(&district, updated_at))
}

/// What `GET /api/v1/district` gives, from memory when read less than [`CACHED_FOR`] ago (every
/// visitor's map asks for it).
pub async fn district_view_cached(pool: &Pool) -> AppResult<Arc<DistrictView>> {
    kept(pool, district_view).await
}

fn view_of(district: &District, updated_at: Option<String>) -> DistrictView {
    let b = district.bbox();
    let (source, vertices, geometry) = match district {
        District::Box(b) => ("box", 5, box_geometry(b)),
        District::Outline(o) => ("outline", o.vertices(), o.to_geojson()),
    };
    DistrictView {
        source: source.to_owned(),
        south: b.south,
        west: b.west,
        north: b.north,
        east: b.east,
        vertices,
        geometry,
        updated_at,
    }
}

/// A box as a GeoJSON polygon (corners in [lon, lat], the ring closed).
fn box_geometry(b: &BBox) -> serde_json::Value {
    serde_json::json!({
        "type": "Polygon",
        "coordinates": [[[b.west, b.south], [b.east, b.south], [b.east, b.north], [b.west, b.north], [b.west, b.south]]],
    })
}

/// The field problem of an outline that does not read.
fn outline_problem(e: BoundaryError) -> Problem {
    match e {
        BoundaryError::NotGeoJson => Problem::NotGeoJson,
        BoundaryError::NoPolygon => Problem::NoPolygon,
        BoundaryError::BadCoordinates => Problem::BadCoordinates,
        BoundaryError::TooFewPoints => Problem::TooFewPoints,
        BoundaryError::OpenRing => Problem::OpenRing,
        BoundaryError::TooLarge => Problem::TooLarge,
    }
}

/// Replaces the district's outline (admin) with GeoJSON text: a Polygon or MultiPolygon, as a
/// geometry, a Feature or a FeatureCollection. It must read and hold İnegöl's town centre (so a
/// wrong file cannot lock the whole town out). From then on a point outside it is refused.
pub fn set_outline(conn: &mut DbConn, actor: &Actor, geojson: &str) -> AppResult<DistrictView> {
    actor.require(Role::Admin)?;
    let refuse = |p: Problem| AppError::Validation { fields: FieldErrors::single("outline", p) };
    if geojson.trim().is_empty() {
        return Err(refuse(Problem::Required));
    }
    if geojson.len() > OUTLINE_MAX_BYTES {
        return Err(refuse(Problem::TooLarge));
    }
    let outline = Boundary::parse(geojson).map_err(|e| refuse(outline_problem(e)))?;
    if !outline.contains(TOWN_CENTRE.0, TOWN_CENTRE.1) {
        return Err(refuse(Problem::NotTheDistrict));
    }
    settings::set_text(conn, DISTRICT_OUTLINE, &outline.to_geojson().to_string())?;
    crate::audit::service::record(
        conn,
        actor,
        "district_outline_set",
        "settings",
        &format!("{} points", outline.vertices()),
    )?;
    district_view(conn)
}

/// Forgets the uploaded outline (admin): the default box holds again.
pub fn clear_outline(conn: &mut DbConn, actor: &Actor) -> AppResult<DistrictView> {
    actor.require(Role::Admin)?;
    settings::clear(conn, DISTRICT_OUTLINE)?;
    crate::audit::service::record(conn, actor, "district_outline_cleared", "settings", "")?;
    district_view(conn)
}

/// An admin's change of the map's settings (`edit` runs in one transaction); once it has
/// committed, the copies in memory are forgotten. Every door that changes them comes through here.
pub async fn write<T: Send + 'static>(
    pool: &Pool,
    edit: impl FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
) -> AppResult<T> {
    let done = crate::db::tx(pool, edit).await?;
    pool.caches().forget::<Tiles>();
    pool.caches().forget::<District>();
    pool.caches().forget::<DistrictView>();
    Ok(done)
}
