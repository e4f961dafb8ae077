//! `/admin/map`: the maps' background tiles and the district's outline (admins). Plain posts to
//! `server/src/forms/map.rs`, which call `map::service` as the JSON API does.
use super::{DistrictView, Tiles};
use crate::error::AppError;
use crate::i18n::*;
use crate::session::FormName;
use crate::submissions::pages::form::FileField;
use crate::ui::messages::{field_message, format_count, format_local_datetime};
use crate::ui::{ErrorSummary, ForbiddenPage, Page, SignInFirst, TextField, WithStateAnd};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the admin page shows: the tiles in use and the district (its geometry left out: the page
/// draws it from `GET /api/v1/district`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapAdminData {
    pub tiles: Tiles,
    pub district: DistrictView,
}

/// `None` for someone who is not an admin.
#[server(prefix = "/_sf", endpoint = "map_admin")]
pub async fn load_map_admin() -> Result<Option<MapAdminData>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    if !ctx.actor.has(crate::domain::roles::Role::Admin) {
        return Ok(None);
    }
    let tiles = (*super::service::tiles(&ctx.pool).await?).clone();
    let mut district = crate::db::read(&ctx.pool, super::service::district_view).await?;
    district.geometry = serde_json::Value::Null;
    Ok(Some(MapAdminData { tiles, district }))
}

#[component]
pub fn MapAdminPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_map_admin());
    view! {
        <WithStateAnd forms=&[FormName::MapTiles, FormName::DistrictOutline] extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            if state.user.is_none() {
                return view! { <SignInFirst next="/admin/map"/> }.into_any();
            }
            let Some(Some(d)) = data else { return view! { <ForbiddenPage state=state/> }.into_any() };
            let errors = state.errors();
            let tiles_errors = state.errors_of(FormName::MapTiles, None);
            let outline_error = state
                .errors_of(FormName::DistrictOutline, None)
                .get("outline")
                .map(|p| field_message(locale, "outline", p));
            let tile_url = state.shown(FormName::MapTiles, None, "tile_url", d.tiles.tile_url.clone());
            let attribution = state.shown(FormName::MapTiles, None, "attribution", d.tiles.attribution.clone());
            let district = d.district.clone();
            let current = if district.source == "outline" {
                td_string!(locale, map_admin.current_outline,
                    points = format_count(locale, district.vertices as i64),
                    at = district.updated_at.as_deref().map(|t| format_local_datetime(locale, t)).unwrap_or_default()).to_string()
            } else {
                td_string!(locale, map_admin.current_box).to_string()
            };
            let bounds = format!("{:.4}–{:.4} N, {:.4}–{:.4} E", district.south, district.north, district.west, district.east);
            view! {
                <Page title=td_string!(locale, map_admin.title).to_string() has_errors=!errors.is_empty() state=state.clone()>
                    <ErrorSummary errors=errors.clone() order=&["tile_url", "attribution", "outline"]/>
                    <h1>{t!(i18n, map_admin.title)}</h1>
                    <p>{t!(i18n, map_admin.intro)}</p>
                    <ul class="links"><li><a href="/map">{t!(i18n, map.title)}</a></li></ul>
                    <h2 id="tiles">{t!(i18n, map_admin.tiles_heading)}</h2>
                    <p class="hint">{t!(i18n, map_admin.tiles_hint)}</p>
                    <form method="post" action="/admin/map/tiles" novalidate="">
                        <TextField name="tile_url" input_type="url" label=td_string!(locale, map_admin.tile_url).to_string()
                            hint=td_string!(locale, map_admin.tile_url_hint).to_string() value=tile_url errors=tiles_errors.clone()/>
                        <TextField name="attribution" label=td_string!(locale, map_admin.attribution).to_string()
                            hint=td_string!(locale, map_admin.attribution_hint).to_string() value=attribution errors=tiles_errors/>
                        <button type="submit" class="btn">{t!(i18n, map_admin.save_tiles)}</button>
                    </form>
                    <h2 id="district">{t!(i18n, map_admin.district_heading)}</h2>
                    <p>{current}</p>
                    <p class="hint">{td_string!(locale, map_admin.bounds, bounds = bounds).to_string()}</p>
                    <super::pages::LeafletAssets cluster=false/>
                    <div class="map map--small" hidden="" role="region" aria-label=td_string!(locale, map_admin.district_heading).to_string()
                        data-show="district" data-tiles=d.tiles.tile_url.clone() data-attribution=d.tiles.attribution.clone()
                        data-south=district.south.to_string() data-north=district.north.to_string()
                        data-west=district.west.to_string() data-east=district.east.to_string()></div>
                    <form method="post" action="/admin/map/district" enctype="multipart/form-data" novalidate="">
                        <FileField name="outline" id="outline" multiple=false accept=".geojson,.json,application/geo+json,application/json"
                            label=td_string!(locale, map_admin.outline).to_string() hint=td_string!(locale, map_admin.outline_hint).to_string()
                            error=outline_error/>
                        <button type="submit" class="btn">{t!(i18n, map_admin.upload)}</button>
                    </form>
                    {(district.source == "outline").then(|| view! {
                        <form method="post" action="/admin/map/district/delete">
                            <button type="submit" class="btn btn--secondary">{t!(i18n, map_admin.clear)}</button>
                        </form>
                    })}
                    <script src="/pick.js" defer=""></script>
                </Page>
            }.into_any()
        }/>
    }
}
