//! The map (issue 11, DESIGN.md §4.5): the public map of located submissions (`/map`), the point
//! picker of the submission form and the intake screen, the point on a submission's page, and
//! the district they all keep to.
//!
//! Leaflet comes from npm and is served by the platform under `/vendor/leaflet/`, with the
//! platform's own scripts (`public/map.js`, `public/pick.js`). The background tiles are an admin
//! setting (`/admin/map`, `PUT /api/v1/map-settings`), OpenStreetMap's unless the server was
//! started with another `--map-tile-url`; the pages' Content-Security-Policy allows exactly that
//! host. Without a tile URL (the tests) the maps have no background.
//!
//! The district is the box of `reference/inegol-district.json` until an admin uploads its outline
//! as GeoJSON (`PUT /api/v1/district`); a point outside it is refused with a clear message.
pub mod admin;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod points;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// OpenStreetMap's standard tiles (their usage policy asks for the attribution below).
pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
pub const DEFAULT_ATTRIBUTION: &str = "© OpenStreetMap katkıcıları";
/// The longest tile URL and attribution an admin may set.
pub const TILE_URL_MAX: usize = 500;
pub const ATTRIBUTION_MAX: usize = 300;
/// The largest outline file an admin may upload (a district generalised for the web is far
/// smaller).
pub const OUTLINE_MAX_BYTES: usize = 8 * 1024 * 1024;

/// The map's background: the tile URL (empty: none) and the words owed to its makers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Tiles {
    pub tile_url: String,
    pub attribution: String,
}

/// The district as `GET /api/v1/district` gives it: where it comes from (`box`: the default box,
/// `outline`: an admin's upload), its box, and its outline as a GeoJSON geometry (the box as a
/// polygon when none was uploaded).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DistrictView {
    pub source: String,
    pub south: f64,
    pub west: f64,
    pub north: f64,
    pub east: f64,
    pub vertices: usize,
    #[cfg_attr(feature = "ssr", schema(value_type = Object))]
    pub geometry: serde_json::Value,
    pub updated_at: Option<String>,
}

/// The tiles given when the server started (`--map-tile-url`, `--map-attribution`): what holds
/// until an admin sets others.
#[cfg(feature = "ssr")]
static STARTING_TILES: std::sync::OnceLock<Tiles> = std::sync::OnceLock::new();

/// Sets the tiles this process starts with: an `https://` URL with `{z}`, `{x}` and `{y}`, or
/// empty for none.
#[cfg(feature = "ssr")]
pub fn set_starting_tiles(url: &str, attribution: &str) -> Result<(), String> {
    let url = url.trim();
    // No tiles, no one to credit.
    let attribution = if url.is_empty() { "" } else { attribution.trim() };
    let tiles = Tiles { tile_url: url.to_owned(), attribution: attribution.to_owned() };
    if !tiles.tile_url.is_empty() && !is_tile_url(&tiles.tile_url) {
        return Err(format!("--map-tile-url {url:?} is not an https:// URL with {{z}}, {{x}} and {{y}}"));
    }
    let _ = STARTING_TILES.set(tiles);
    Ok(())
}

/// The tiles this process started with (none when nothing was set, as in the tests).
#[cfg(feature = "ssr")]
pub fn starting_tiles() -> Tiles {
    STARTING_TILES.get().cloned().unwrap_or_default()
}

/// An `https://` URL on one host with the `{z}`, `{x}` and `{y}` of a tile.
pub fn is_tile_url(url: &str) -> bool {
    tile_host(url).is_some()
        && ["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p))
        && !url.contains(char::is_whitespace)
}

/// `https://host` of a tile URL (what the Content-Security-Policy allows), if it is one.
pub fn tile_host(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let host = rest
        .split('/')
        .next()
        .filter(|h| !h.is_empty() && !h.contains(['{', '}', ' ', '\'', ';', ',', '"', '@', '?', '#', '\\']))?;
    Some(format!("https://{host}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_https_host_reaches_the_content_security_policy() {
        assert_eq!(tile_host(DEFAULT_TILE_URL).as_deref(), Some("https://tile.openstreetmap.org"));
        assert_eq!(tile_host("https://{s}.tile.example/{z}/{x}/{y}.png"), None, "no subdomain pattern");
        assert_eq!(tile_host("http://tiles.example/{z}/{x}/{y}.png"), None, "https only");
        assert_eq!(tile_host("https://evil.example; script-src *"), None);
        assert_eq!(tile_host("https://user@evil.example/{z}/{x}/{y}.png"), None, "no credentials");
        assert_eq!(tile_host("https://tiles.example?k=a/{z}/{x}/{y}.png"), None, "a query is not part of a host");
    }

    #[test]
    fn a_tile_url_names_the_tile() {
        assert!(is_tile_url(DEFAULT_TILE_URL));
        assert!(!is_tile_url("https://tiles.example/map.png"), "no {{z}}/{{x}}/{{y}}");
        assert!(!is_tile_url("https://tiles.example/{z}/{x}/{y}.png extra"));
    }
}
