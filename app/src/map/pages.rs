//! `/map`: the public map of located submissions, with the listing's kind, neighbourhood and
//! search filters (a GET form, so the map's address can be shared).
use crate::domain::submissions::Kind;
use crate::error::AppError;
use crate::i18n::*;
use crate::reference::ReferenceData;
use crate::ui::messages::kind_name;
use crate::ui::{encode_component, Page, SelectField, TextField, WithStateAnd};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The map page's data: the neighbourhoods for the filter and the tiles in use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPageData {
    pub reference: Arc<ReferenceData>,
    pub tiles: super::Tiles,
    pub district: crate::domain::geo::BBox,
}

#[server(prefix = "/_sf", endpoint = "map")]
pub async fn load_map() -> Result<MapPageData, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    let tiles = super::service::tiles(&ctx.pool).await?;
    let district = super::service::district(&ctx.pool).await?.bbox();
    Ok(MapPageData { reference, tiles: (*tiles).clone(), district })
}

#[component]
pub fn MapPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new(|| (), |_| load_map());
    view! {
        <WithStateAnd extra=data render=move |state, data| {
            let locale = i18n.get_locale_untracked();
            let Some(d) = data else { return view! { <crate::ui::ServerErrorPage/> }.into_any() };
            let q = query.get_untracked();
            let chosen = |k: &str| q.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
            let (kind, hood, words) = (chosen("kind"), chosen("neighbourhood"), chosen("q"));
            // The filters the map's requests carry: only known values, encoded.
            let mut filters = Vec::new();
            if Kind::parse(&kind).is_some() {
                filters.push(format!("kind={kind}"));
            }
            if hood.parse::<i64>().is_ok() {
                filters.push(format!("neighbourhood={hood}"));
            }
            if !words.is_empty() {
                filters.push(format!("q={}", encode_component(&words)));
            }
            let list_href = if filters.is_empty() { "/submissions".to_owned() } else { format!("/submissions?{}", filters.join("&")) };
            let mut kinds = vec![(String::new(), td_string!(locale, listing.any).to_string())];
            kinds.extend(Kind::ALL.iter().map(|k| (k.as_str().to_owned(), kind_name(locale, *k))));
            let mut hoods = vec![(String::new(), td_string!(locale, listing.any).to_string())];
            hoods.extend(d.reference.neighbourhoods.iter().map(|n| (n.id.to_string(), n.name.clone())));
            let b = d.district;
            view! {
                <Page title=td_string!(locale, map.title).to_string() state=state.clone()>
                    <h1>{t!(i18n, map.title)}</h1>
                    <p class="lead">{t!(i18n, map.lead)}</p>
                    <form method="get" action="/map" class="search-form">
                        <SelectField name="kind" label=td_string!(locale, listing.kind).to_string() options=kinds selected=kind/>
                        <SelectField name="neighbourhood" label=td_string!(locale, listing.neighbourhood).to_string() options=hoods selected=hood/>
                        <TextField name="q" label=td_string!(locale, map.words).to_string() value=words errors=Default::default()/>
                        <button type="submit" class="btn btn--secondary">{t!(i18n, listing.apply)}</button>
                    </form>
                    <LeafletAssets cluster=true/>
                    <div id="map" class="map" role="region" aria-label=td_string!(locale, map.region).to_string()
                        data-south=b.south.to_string() data-north=b.north.to_string() data-west=b.west.to_string() data-east=b.east.to_string()
                        data-tiles=d.tiles.tile_url.clone() data-attribution=d.tiles.attribution.clone() data-filters=filters.join("&")
                        data-count=td_string!(locale, map.count).to_string() data-truncated=td_string!(locale, map.truncated).to_string()
                        data-failed=td_string!(locale, map.failed).to_string() data-loading=td_string!(locale, map.loading).to_string()
                        data-cluster=td_string!(locale, map.cluster).to_string()>
                        <p class="map__fallback">{t!(i18n, map.no_script)}</p>
                    </div>
                    <p id="map-status" class="hint" role="status" aria-live="polite"></p>
                    <p><a href=list_href>{t!(i18n, map.as_list)}</a></p>
                    <script src="/map.js" defer=""></script>
                </Page>
            }.into_any()
        }/>
    }
}

/// Leaflet's stylesheet and script (and the clustering plug-in's), served by the platform; a
/// page's own script comes after them (`defer` keeps the order).
#[component]
pub fn LeafletAssets(cluster: bool) -> impl IntoView {
    view! {
        <link rel="stylesheet" href="/vendor/leaflet/leaflet.css"/>
        {cluster.then(|| view! {
            <link rel="stylesheet" href="/vendor/leaflet/MarkerCluster.css"/>
            <link rel="stylesheet" href="/vendor/leaflet/MarkerCluster.Default.css"/>
        })}
        <script src="/vendor/leaflet/leaflet.js" defer=""></script>
        {cluster.then(|| view! { <script src="/vendor/leaflet/leaflet.markercluster.js" defer=""></script> })}
    }
}

/// The point picker of the submission form and the intake screen, under the decimal fields
/// (which stay for browsers without JavaScript): `public/pick.js` draws the district on a map, a
/// tap or "use the map's centre" fills the fields, "use my location" asks the device, and the
/// open submissions near the point are listed so a second report can support or follow one
/// instead. Without JavaScript nothing of it shows.
#[component]
pub fn PointPicker(tiles: super::Tiles, district: crate::domain::geo::BBox) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <div class="map-pick" hidden="" data-tiles=tiles.tile_url data-attribution=tiles.attribution
            data-south=district.south.to_string() data-north=district.north.to_string()
            data-west=district.west.to_string() data-east=district.east.to_string()
            data-locating=td_string!(locale, pick.locating).to_string() data-located=td_string!(locale, pick.located).to_string()
            data-picked=td_string!(locale, pick.picked).to_string() data-denied=td_string!(locale, pick.denied).to_string()
            data-unavailable=td_string!(locale, pick.unavailable).to_string() data-cleared=td_string!(locale, pick.cleared).to_string()
            data-metres=td_string!(locale, pick.metres).to_string() data-marker=td_string!(locale, pick.marker).to_string()
            data-new-tab=td_string!(locale, pick.new_tab).to_string()>
            <p class="hint">{t!(i18n, pick.hint)}</p>
            <div class="map map--small map-pick__map" role="region" aria-label=td_string!(locale, pick.region).to_string()></div>
            <div class="map-pick__actions">
                <button type="button" class="btn btn--secondary btn--small" data-pick="device">{t!(i18n, pick.use_location)}</button>
                <button type="button" class="btn btn--secondary btn--small" data-pick="centre">{t!(i18n, pick.use_centre)}</button>
                <button type="button" class="btn btn--secondary btn--small" data-pick="clear">{t!(i18n, pick.clear)}</button>
            </div>
            <p class="hint map-pick__status" role="status" aria-live="polite"></p>
            <section class="nearby" hidden="" aria-labelledby="nearby-heading">
                <h3 id="nearby-heading" class="nearby__title">{t!(i18n, pick.nearby_heading)}</h3>
                <p class="hint">{t!(i18n, pick.nearby_hint)}</p>
                <ul class="nearby__list"></ul>
            </section>
        </div>
        <LeafletAssets cluster=false/>
        <script src="/pick.js" defer=""></script>
    }
}

/// A submission's point on a small map (`public/pick.js`), under the coordinates in words;
/// without JavaScript the words are all there is.
#[component]
pub fn PointMap(lat: f64, lon: f64, tiles: super::Tiles, label: String) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <div class="map map--small" hidden="" role="region" aria-label=td_string!(locale, pick.point_region).to_string()
            data-show="point" data-lat=lat.to_string() data-lon=lon.to_string() data-label=label
            data-tiles=tiles.tile_url data-attribution=tiles.attribution></div>
        <LeafletAssets cluster=false/>
        <script src="/pick.js" defer=""></script>
    }
}
