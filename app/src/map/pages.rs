//! `/map`: the public map of located submissions, with the listing's kind, neighbourhood and
//! search filters (a GET form, so the map's address can be shared).
use crate::domain::submissions::{Kind, DISTRICT_BBOX};
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
    pub tile_url: String,
    pub attribution: String,
}

#[server(prefix = "/_sf", endpoint = "map")]
pub async fn load_map() -> Result<MapPageData, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let reference = crate::reference::service::cached(&ctx.pool).await?;
    let (tile_url, attribution) = super::tiles();
    Ok(MapPageData { reference, tile_url, attribution })
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
            let (south, north, west, east) = DISTRICT_BBOX;
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
                    <link rel="stylesheet" href="/vendor/leaflet/leaflet.css"/>
                    <link rel="stylesheet" href="/vendor/leaflet/MarkerCluster.css"/>
                    <link rel="stylesheet" href="/vendor/leaflet/MarkerCluster.Default.css"/>
                    <div id="map" class="map" role="region" aria-label=td_string!(locale, map.region).to_string()
                        data-south=south.to_string() data-north=north.to_string() data-west=west.to_string() data-east=east.to_string()
                        data-tiles=d.tile_url.clone() data-attribution=d.attribution.clone() data-filters=filters.join("&")
                        data-count=td_string!(locale, map.count).to_string() data-truncated=td_string!(locale, map.truncated).to_string()
                        data-failed=td_string!(locale, map.failed).to_string() data-loading=td_string!(locale, map.loading).to_string()>
                        <p class="map__fallback">{t!(i18n, map.no_script)}</p>
                    </div>
                    <p id="map-status" class="hint" role="status" aria-live="polite"></p>
                    <p><a href=list_href>{t!(i18n, map.as_list)}</a></p>
                    <script src="/vendor/leaflet/leaflet.js" defer=""></script>
                    <script src="/vendor/leaflet/leaflet.markercluster.js" defer=""></script>
                    <script src="/map.js" defer=""></script>
                </Page>
            }.into_any()
        }/>
    }
}
