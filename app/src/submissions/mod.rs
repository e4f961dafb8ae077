//! Submissions (başvuru): what citizens and staff send, and what everyone can browse, search,
//! support and follow. The shapes that leave the server are here; the rules are in
//! `domain::submissions`, the operations in `service`, the listing and search query in `listing`,
//! the database rows in `model`.
#[cfg(feature = "ssr")]
pub mod drafts;
#[cfg(feature = "ssr")]
pub mod listing;
#[cfg(feature = "ssr")]
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod workflow;

use crate::domain::submissions::{Channel, EventKind, Kind, MediaKind, Status};
use crate::error::{FieldErrors, Problem};
use crate::reference::ReferenceData;
use crate::response_times::DueTimes;
use serde::{Deserialize, Serialize};

/// Listing order. `relevance` is the default when searching.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    #[default]
    New,
    Support,
    Updated,
    Relevance,
}

impl Sort {
    pub const ALL: [Sort; 4] = [Sort::New, Sort::Support, Sort::Updated, Sort::Relevance];
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::New => "new",
            Sort::Support => "support",
            Sort::Updated => "updated",
            Sort::Relevance => "relevance",
        }
    }
    pub fn parse(s: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

pub const PER_PAGE_DEFAULT: i64 = 20;
pub const PER_PAGE_MAX: i64 = 100;
/// Deeper pages are refused: nobody reads page 10,001, and the offset would cost the database.
pub const PAGE_MAX: i64 = 10_000;
/// How far the results of a search can be paged.
pub const SEARCH_RESULTS_MAX: i64 = 1_000;

/// The listing's query string, exactly as typed into a URL or sent by a filter form (empty
/// values mean "any"). `ListQuery::check` turns it into a `ListFilter` or field errors.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[serde(default)]
pub struct ListQuery {
    /// idea, project, suggestion, complaint, request, information_request
    pub kind: Option<String>,
    /// A status such as published, under_evaluation, received, resolved, withdrawn
    pub status: Option<String>,
    /// Category id
    pub category: Option<String>,
    /// Neighbourhood id
    pub neighbourhood: Option<String>,
    /// Directorate id
    pub directorate: Option<String>,
    /// Words to search for in title and body; Turkish letters optional ("cicek" finds "Çiçek")
    pub q: Option<String>,
    /// new (default), support, updated; relevance (default when `q` is given)
    pub sort: Option<String>,
    /// 1-based page number (default 1, at most 10000)
    pub page: Option<String>,
    /// Items per page (default 20, at most 100)
    pub per_page: Option<String>,
}

/// A checked listing query.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ListFilter {
    pub kind: Option<Kind>,
    pub status: Option<Status>,
    pub category: Option<i64>,
    pub neighbourhood: Option<i64>,
    pub directorate: Option<i64>,
    pub q: String,
    pub sort: Sort,
    pub page: i64,
    pub per_page: i64,
    /// Only this author's submissions ("my submissions"), drafts included.
    pub author: Option<i64>,
}

fn present(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl ListQuery {
    /// Every problem of the query at once, or the checked filter.
    pub fn check(&self) -> Result<ListFilter, FieldErrors> {
        let errors = self.problems();
        if !errors.is_empty() {
            return Err(errors);
        }
        let id = |v: &Option<String>| present(v).and_then(|s| s.parse::<i64>().ok());
        let number = |v: &Option<String>, default: i64| present(v).and_then(|s| s.parse().ok()).unwrap_or(default);
        let q: String = present(&self.q).unwrap_or_default().chars().take(200).collect();
        let sort = match present(&self.sort).and_then(Sort::parse) {
            Some(s) => s,
            None if !q.is_empty() => Sort::Relevance,
            None => Sort::New,
        };
        Ok(ListFilter {
            kind: present(&self.kind).and_then(Kind::parse),
            status: present(&self.status).and_then(Status::parse),
            category: id(&self.category),
            neighbourhood: id(&self.neighbourhood),
            directorate: id(&self.directorate),
            q,
            sort,
            page: number(&self.page, 1),
            per_page: number(&self.per_page, PER_PAGE_DEFAULT),
            author: None,
        })
    }

    fn problems(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let ids =
            [("category", &self.category), ("neighbourhood", &self.neighbourhood), ("directorate", &self.directorate)];
        for (field, v) in ids {
            if present(v).is_some_and(|s| s.parse::<i64>().map_or(true, |n| n <= 0)) {
                errors.add(field, Problem::Invalid);
            }
        }
        for (field, v, max) in [("page", &self.page, PAGE_MAX), ("per_page", &self.per_page, PER_PAGE_MAX)] {
            if present(v).is_some_and(|s| s.parse::<i64>().map_or(true, |n| !(1..=max).contains(&n))) {
                errors.add(field, Problem::OutOfRange);
            }
        }
        // A search is read in relevance order from the start: its pages stop at the first
        // `SEARCH_RESULTS_MAX` results (nobody reads further; narrowing the words finds more).
        if present(&self.q).is_some() && errors.get("page").is_none() {
            let number =
                |v: &Option<String>, default| present(v).and_then(|s| s.parse::<i64>().ok()).unwrap_or(default);
            let (page, per_page) = (number(&self.page, 1), number(&self.per_page, PER_PAGE_DEFAULT));
            if (page - 1).saturating_mul(per_page) >= SEARCH_RESULTS_MAX {
                errors.add("page", Problem::OutOfRange);
            }
        }
        if present(&self.kind).is_some_and(|s| Kind::parse(s).is_none()) {
            errors.add("kind", Problem::Invalid);
        }
        if present(&self.status).is_some_and(|s| Status::parse(s).is_none()) {
            errors.add("status", Problem::Invalid);
        }
        if present(&self.sort).is_some_and(|s| Sort::parse(s).is_none()) {
            errors.add("sort", Problem::Invalid);
        }
        errors
    }

    /// Like `check`, but a bad value is dropped instead of refused: a hand-edited page URL still
    /// shows a listing.
    pub fn lenient(&self) -> ListFilter {
        let mut cleaned = self.clone();
        for (field, _) in self.problems().iter() {
            let slot = match field {
                "kind" => &mut cleaned.kind,
                "status" => &mut cleaned.status,
                "category" => &mut cleaned.category,
                "neighbourhood" => &mut cleaned.neighbourhood,
                "directorate" => &mut cleaned.directorate,
                "sort" => &mut cleaned.sort,
                "page" => &mut cleaned.page,
                _ => &mut cleaned.per_page,
            };
            *slot = None;
        }
        cleaned.check().unwrap_or_default()
    }
}

impl ListFilter {
    /// The query string of this filter on another page (for pagination links), without
    /// defaults, so each state of the listing has one short URL.
    pub fn query_string(&self, page: i64) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut add = |k: &str, v: String| parts.push(format!("{k}={}", crate::ui::encode_component(&v)));
        if !self.q.is_empty() {
            add("q", self.q.clone());
        }
        if let Some(k) = self.kind {
            add("kind", k.as_str().to_owned());
        }
        if let Some(s) = self.status {
            add("status", s.as_str().to_owned());
        }
        if let Some(c) = self.category {
            add("category", c.to_string());
        }
        if let Some(n) = self.neighbourhood {
            add("neighbourhood", n.to_string());
        }
        if let Some(d) = self.directorate {
            add("directorate", d.to_string());
        }
        let default_sort = if self.q.is_empty() { Sort::New } else { Sort::Relevance };
        if self.sort != default_sort {
            add("sort", self.sort.as_str().to_owned());
        }
        if self.per_page != PER_PAGE_DEFAULT {
            add("per_page", self.per_page.to_string());
        }
        if page > 1 {
            add("page", page.to_string());
        }
        parts.join("&")
    }
}

/// One submission in a listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubmissionSummary {
    pub id: i64,
    /// INE-YYYY-NNNNNN
    pub reference: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "idea"))]
    pub kind: Kind,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "published"))]
    pub status: Status,
    pub title: String,
    /// The body as plain text, cut to about 200 characters.
    pub summary: String,
    pub category_id: i64,
    pub neighbourhood_id: i64,
    pub directorate_id: i64,
    pub support_count: i64,
    pub comment_count: i64,
    /// RFC 3339, UTC
    pub created_at: String,
    /// RFC 3339, UTC
    pub updated_at: String,
    /// A service request's due times and when they were met.
    #[serde(flatten)]
    pub due: DueTimes,
    /// Out of public view (only in its author's own list): pending, flagged or hidden.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub moderation: Option<crate::moderation::ModerationState>,
}

/// The map's answer (`GET /api/v1/submissions.geojson`): located public submissions as a GeoJSON
/// FeatureCollection. Without `zoom`, the submissions themselves, newest first, at most
/// `listing::MAP_FEATURES_MAX`. With the map's `zoom`, a box holding many is sent as clusters
/// (`MapCluster`: a count where several stand close together at that zoom) among the submissions
/// that stand alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapFeatures {
    /// Always `FeatureCollection`.
    #[serde(rename = "type")]
    pub kind: String,
    pub features: Vec<MapItem>,
    /// How many located submissions match in the box, whether sent one by one or counted in
    /// clusters (for a word search, counted as far as the features sent and one more).
    pub total: i64,
    /// More submissions matched than were sent one by one or in clusters: zoom in (a smaller
    /// `bbox`) or filter.
    pub truncated: bool,
}

/// A feature of the map's answer: one submission, or a cluster of them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(untagged)]
pub enum MapItem {
    Submission(MapFeature),
    Cluster(MapCluster),
}

/// One located submission (GeoJSON Feature with a Point: `[lon, lat]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapFeature {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub kind: String,
    pub id: i64,
    pub geometry: MapPoint,
    pub properties: MapProperties,
}

/// Several submissions standing close together at the map's zoom (GeoJSON Feature with a Point
/// at their mean position).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapCluster {
    /// Always `Feature`.
    #[serde(rename = "type")]
    pub kind: String,
    pub geometry: MapPoint,
    pub properties: ClusterProperties,
}

/// What a cluster's marker shows, and where a click on it zooms.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ClusterProperties {
    /// Always `true`: tells a cluster from a submission.
    pub cluster: bool,
    /// How many submissions it stands for.
    pub count: i64,
    /// `[w, s, e, n]`: the box its submissions fill.
    pub bbox: [f64; 4],
}

/// A GeoJSON Point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapPoint {
    /// Always `Point`.
    #[serde(rename = "type")]
    pub kind: String,
    /// `[longitude, latitude]` (WGS 84), as GeoJSON orders them.
    pub coordinates: [f64; 2],
}

/// What a map's popup shows of a submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MapProperties {
    pub reference: String,
    pub title: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: Kind,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: Status,
    /// The submission's page.
    pub url: String,
}

/// An open submission near a point (`GET /api/v1/submissions/nearby`), with how far it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Nearby {
    pub id: i64,
    #[serde(flatten)]
    pub submission: MapProperties,
    /// Metres from the point asked about, rounded.
    pub distance_m: i64,
}

/// A map's bounding box, `bbox=w,s,e,n` (longitudes and latitudes in degrees): four numbers, west
/// of east and south of north. `None` for anything else.
pub fn parse_bbox(text: &str) -> Option<(f64, f64, f64, f64)> {
    let n: Vec<f64> = text.split(',').map(|p| p.trim().parse::<f64>()).collect::<Result<_, _>>().ok()?;
    let [w, s, e, north] = n.as_slice() else { return None };
    let ok = n.iter().all(|v| v.is_finite())
        && (-180.0..=180.0).contains(w)
        && (-180.0..=180.0).contains(e)
        && (-90.0..=90.0).contains(s)
        && (-90.0..=90.0).contains(north)
        && w < e
        && s < north;
    ok.then_some((*w, *s, *e, *north))
}

/// A page of a listing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ListPage {
    pub items: Vec<SubmissionSummary>,
    /// How many submissions match (may be up to ten seconds old on a busy listing). A search is
    /// counted up to `SEARCH_RESULTS_MAX`, as far as its pages go: when more match, `total` is
    /// that many and `more` is true.
    pub total: i64,
    /// More submissions match this search than `total` (which is then `SEARCH_RESULTS_MAX`).
    #[serde(default)]
    pub more: bool,
    pub page: i64,
    pub per_page: i64,
}

impl ListPage {
    /// A page with its total as counted: a search's count past `SEARCH_RESULTS_MAX` becomes
    /// `SEARCH_RESULTS_MAX` and `more`.
    pub fn new(items: Vec<SubmissionSummary>, counted: i64, page: i64, per_page: i64, searching: bool) -> Self {
        let more = searching && counted > SEARCH_RESULTS_MAX;
        ListPage { items, total: if more { SEARCH_RESULTS_MAX } else { counted }, more, page, per_page }
    }
}

/// One step of a submission's public timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct EventView {
    pub id: i64,
    /// RFC 3339, UTC
    pub at: String,
    /// created, status_changed, queued_for_committee
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "created"))]
    pub kind: EventKind,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, example = "published"))]
    pub from_status: Option<Status>,
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>, example = "published"))]
    pub to_status: Option<Status>,
    /// The role of the person who acted (citizen, staff, chair), never their private name.
    pub actor_role: Option<String>,
    /// The official's name, where the admin setting shows names on the timeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
    /// The directorate of the staff member who acted, when they belong to one.
    pub actor_directorate_id: Option<i64>,
    pub public_note: String,
    /// The staff-only note: present for staff, absent for everyone else.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal_note: Option<String>,
}

/// A photo or video of a submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MediaView {
    pub id: i64,
    /// photo or video
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "photo"))]
    pub kind: MediaKind,
    pub url: String,
    pub thumb_url: Option<String>,
    pub width: Option<i64>,
    pub height: Option<i64>,
}

/// A submission with everything its public page shows, plus what the reader may do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SubmissionDetail {
    pub id: i64,
    pub reference: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "idea"))]
    pub kind: Kind,
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "published"))]
    pub status: Status,
    pub title: String,
    /// The Markdown the author wrote.
    pub body: String,
    /// The body rendered and sanitised: safe to insert as HTML.
    pub body_html: String,
    pub category_id: i64,
    pub neighbourhood_id: i64,
    pub directorate_id: i64,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The author's display name; `null` for a submission staff recorded for a citizen.
    pub author_name: Option<String>,
    /// web, phone_153, whatsapp, email, social_media, walk_in, vim, neighbourhood_meeting
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "web"))]
    pub channel: Channel,
    pub support_count: i64,
    pub comment_count: i64,
    /// The support threshold that queues a proposal for the evaluation committee.
    pub support_threshold: i64,
    /// When the submission reached the threshold, if it has.
    pub queued_at: Option<String>,
    pub supported_by_me: bool,
    pub following: bool,
    pub is_author: bool,
    pub created_at: String,
    pub updated_at: String,
    /// A service request's due times and when they were met.
    #[serde(flatten)]
    pub due: DueTimes,
    pub events: Vec<EventView>,
    pub media: Vec<MediaView>,
    /// Out of public view (pending, flagged or hidden): the public reads this placeholder in
    /// place of the title, text, place and media (all empty); its author and moderators read
    /// the original with it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation: Option<crate::moderation::Placeholder>,
    /// The original it was merged into, and the duplicates merged into it.
    #[serde(default)]
    pub merges: crate::moderation::Merges,
    /// Whether it has any comment at all, in whatever state (read with the row): a page without
    /// any does not ask for the conversation. Not in the API's answer.
    #[serde(skip)]
    pub has_comments: bool,
    /// Whether it has any photo or video, of any phase (read with the row): a page without any
    /// does not ask for an implementation's photos. Not in the API's answer.
    #[serde(skip)]
    pub has_media: bool,
}

/// The body of `POST /api/v1/submissions` (and of the web form).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewSubmission {
    /// idea, project, suggestion, complaint, request, information_request
    pub kind: String,
    /// 5–140 characters
    pub title: String,
    /// Markdown, up to 10,000 characters
    pub body: String,
    pub category_id: Option<i64>,
    pub neighbourhood_id: Option<i64>,
    /// Optional map point inside İnegöl district
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

impl NewSubmission {
    /// The fields the rules without a database look at.
    pub fn draft(&self) -> crate::domain::submissions::SubmissionDraft {
        crate::domain::submissions::SubmissionDraft {
            kind: self.kind.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            lat: self.lat,
            lon: self.lon,
        }
    }
}

/// What staff add when they record a submission for a citizen (staff intake). `Debug` leaves out
/// the name and contact, so they never reach a log.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct Intake {
    /// The code of a `Channel` other than web (typed into a form, so checked, not parsed, here).
    pub channel: String,
    /// The citizen's name (private).
    pub citizen_name: String,
    /// Phone or e-mail (private).
    pub citizen_contact: String,
    /// The citizen agreed to be contacted about this submission.
    pub consent: bool,
    /// The field visit (VİM stop or neighbourhood meeting) it was recorded during, for those
    /// channels.
    #[serde(default)]
    pub visit_id: Option<i64>,
}

impl std::fmt::Debug for Intake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Intake")
            .field("channel", &self.channel)
            .field("citizen_name", &"[private]")
            .field("citizen_contact", &"[private]")
            .field("consent", &self.consent)
            .field("visit_id", &self.visit_id)
            .finish()
    }
}

/// A request taken earlier for the same caller (`GET /api/v1/intake/history`, staff).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CallerRequest {
    pub id: i64,
    pub reference: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: Kind,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: Status,
    pub title: String,
    /// RFC 3339, UTC
    pub created_at: String,
}

/// The private name and contact a citizen gave at intake (staff only; every read is audited).
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ContactView {
    pub name: String,
    pub contact: String,
    pub consent: bool,
}

impl std::fmt::Debug for ContactView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ContactView").field("consent", &self.consent).finish_non_exhaustive()
    }
}

/// What `POST /api/v1/submissions` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Created {
    pub id: i64,
    pub reference: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: Status,
    pub directorate_id: i64,
    pub url: String,
    /// `pending`: the text matched the word list and waits for a moderator before it is
    /// published (answered 202); absent when published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub moderation: Option<crate::moderation::ModerationState>,
}

/// A citizen's unsent submission, saved to finish later; seen by its author only. Any field may
/// still be empty: the rules of `NewSubmission` apply when it is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DraftView {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub category_id: Option<i64>,
    pub neighbourhood_id: Option<i64>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub created_at: String,
    pub updated_at: String,
}

/// The support state after a toggle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SupportState {
    pub supported_by_me: bool,
    pub support_count: i64,
    /// True when this support made the submission reach the committee threshold.
    pub reached_threshold: bool,
}

/// A listing page's data: the page and the lists its filters offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListingData {
    pub filter: ListFilter,
    pub page: ListPage,
    pub reference: std::sync::Arc<ReferenceData>,
}

/// What the public tracking page shows for a reference code: status and timeline only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TrackView {
    pub id: i64,
    pub reference: String,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub kind: Kind,
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub status: Status,
    pub title: String,
    pub directorate_id: i64,
    pub created_at: String,
    pub updated_at: String,
    /// A service request's due times and when they were met.
    #[serde(flatten)]
    pub due: DueTimes,
    pub events: Vec<EventView>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> ListQuery {
        let mut out = ListQuery::default();
        for (k, v) in pairs {
            let v = Some((*v).to_owned());
            match *k {
                "kind" => out.kind = v,
                "status" => out.status = v,
                "category" => out.category = v,
                "q" => out.q = v,
                "sort" => out.sort = v,
                "page" => out.page = v,
                "per_page" => out.per_page = v,
                _ => unreachable!(),
            }
        }
        out
    }

    #[test]
    fn a_listing_query_is_checked_field_by_field() {
        let f = q(&[("kind", "idea"), ("category", "3"), ("page", "2")]).check().unwrap_or_default();
        assert_eq!((f.kind, f.category, f.page, f.per_page, f.sort), (Some(Kind::Idea), Some(3), 2, 20, Sort::New));
        let errors = q(&[("kind", "x"), ("category", "abc"), ("page", "0"), ("per_page", "1000"), ("status", "draft")])
            .check()
            .err()
            .unwrap_or_default();
        for field in ["kind", "category", "page", "per_page", "status"] {
            assert!(errors.get(field).is_some(), "{field} should be refused: {errors:?}");
        }
    }

    #[test]
    fn empty_form_values_mean_any_and_search_sorts_by_relevance() {
        let f = q(&[("kind", ""), ("category", " "), ("q", "park")]).check().unwrap_or_default();
        assert_eq!((f.kind, f.category, f.sort), (None, None, Sort::Relevance));
    }

    #[test]
    fn a_hand_edited_url_drops_only_the_bad_values() {
        let f = q(&[("kind", "idea"), ("category", "abc"), ("page", "-3")]).lenient();
        assert_eq!((f.kind, f.category, f.page), (Some(Kind::Idea), None, 1));
    }

    #[test]
    fn pagination_links_keep_the_filter_and_drop_defaults() {
        let f = q(&[("kind", "idea"), ("q", "çiçek parkı")]).check().unwrap_or_default();
        assert_eq!(f.query_string(3), "q=%C3%A7i%C3%A7ek%20park%C4%B1&kind=idea&page=3");
        assert_eq!(ListFilter { per_page: 20, page: 1, ..Default::default() }.query_string(1), "");
    }
}
