//! Field visits (DESIGN.md §4.3, issue 11): a VİM mobile-unit stop or a neighbourhood meeting —
//! neighbourhood, date, place, public notes — and the requests staff recorded during it. Each
//! visit has a public page with its requests and their statuses; `/visits` lists the planned and
//! the past ones by neighbourhood.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// A visit as staff plan it (`POST /api/v1/visits`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct VisitInput {
    /// vim (the mobile unit) or neighbourhood_meeting
    pub kind: String,
    pub neighbourhood_id: i64,
    /// YYYY-MM-DD, İnegöl's calendar
    pub date: String,
    /// Where: a square, a school, a mukhtar's office
    pub place: String,
    /// What the public reads about it
    pub notes: String,
}

/// A visit as everyone reads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VisitView {
    pub id: i64,
    pub kind: String,
    pub neighbourhood_id: i64,
    pub date: String,
    pub place: String,
    pub notes: String,
    /// Requests recorded during it.
    pub submission_count: i64,
    /// Its date is today or later (İnegöl).
    pub planned: bool,
}

/// A request recorded during a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VisitSubmission {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub kind: String,
    pub status: String,
}

/// A visit with its requests (`GET /api/v1/visits/{id}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VisitDetail {
    #[serde(flatten)]
    pub visit: VisitView,
    pub submissions: Vec<VisitSubmission>,
}

/// The list's filters (`GET /api/v1/visits`); anything unreadable is ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[serde(default)]
pub struct VisitQuery {
    /// A neighbourhood's id
    pub neighbourhood: Option<String>,
    /// `planned` (today and later, soonest first) or `past` (before today, newest first);
    /// without it, both, newest first.
    pub when: Option<String>,
}

/// Visits, at most `VISITS_LISTED` of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct VisitList {
    pub items: Vec<VisitView>,
}

/// The most visits a list returns.
pub const VISITS_LISTED: i64 = 200;
