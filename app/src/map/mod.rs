//! The public map (issue 11, DESIGN.md §4.5): `/map` shows the located public submissions with
//! the listing's filters, clustered, on Leaflet (from npm, served by the platform under
//! `/vendor/leaflet/`, with `public/map.js`), fed by `GET /api/v1/submissions.geojson`. The
//! background tiles are a setting of the server (`--map-tile-url`, OpenStreetMap's by default);
//! the pages' Content-Security-Policy allows exactly that host, and without one (the tests) the
//! map has no tiles. Without JavaScript the page says so and links to the listing.
pub mod pages;

/// OpenStreetMap's standard tiles (their usage policy asks for the attribution below).
pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
pub const DEFAULT_ATTRIBUTION: &str = "© OpenStreetMap katkıcıları";

/// The tile URL and its attribution, set once at start (none: no tiles).
#[cfg(feature = "ssr")]
static TILES: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();

/// Sets the map's tiles for this process: an `https://` URL with `{z}`, `{x}` and `{y}`, or
/// empty for none.
#[cfg(feature = "ssr")]
pub fn set_tiles(url: &str, attribution: &str) -> Result<(), String> {
    let url = url.trim();
    if !url.is_empty() && (tile_host(url).is_none() || !["{z}", "{x}", "{y}"].iter().all(|p| url.contains(p))) {
        return Err(format!("--map-tile-url {url:?} is not an https:// URL with {{z}}, {{x}} and {{y}}"));
    }
    let _ = TILES.set((url.to_owned(), attribution.trim().to_owned()));
    Ok(())
}

/// The tiles in use: (URL, attribution), both empty for none.
#[cfg(feature = "ssr")]
pub fn tiles() -> (String, String) {
    TILES.get().cloned().unwrap_or_default()
}

/// `https://host` of a tile URL (what the Content-Security-Policy allows), if it is one.
pub fn tile_host(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://")?;
    let host = rest.split('/').next().filter(|h| !h.is_empty() && !h.contains(['{', '}', ' ', '\'', ';', ',']))?;
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
    }
}
