//! Response times in working hours (DESIGN.md §4.3, issue 11): per service-request kind, a
//! first-response target in working hours and a resolution target in working days; the working
//! hours and the holiday calendar they are counted in (admins edit both); each request's due
//! times, kept from its receipt; the public statistics of how well the targets are kept. The
//! arithmetic is `domain::working_time` and `domain::response_times`.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// The targets of one service-request kind (`GET`/`PUT /api/v1/response-targets`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResponseTarget {
    /// complaint, request, information_request
    pub kind: String,
    /// Working hours from receipt to the first response (1–500).
    pub first_response_hours: i64,
    /// Working days (each the length of a full working day) from receipt to resolution (1–365).
    pub resolution_days: i64,
}

/// The daily working hours, local time in İnegöl, `HH:MM` (`GET`/`PUT /api/v1/working-hours`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct WorkingHoursView {
    pub open: String,
    pub close: String,
    /// When work ends on an eve marked half day.
    pub half_day_close: String,
}

/// A date of the holiday calendar (`GET`/`POST /api/v1/holidays`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct HolidayView {
    /// YYYY-MM-DD, local
    pub date: String,
    pub name_tr: String,
    /// Empty: the Turkish name is shown in English too.
    #[serde(default)]
    pub name_en: String,
    /// national, religious or administrative (an administrative leave the government declares)
    #[serde(default = "national")]
    pub kind: String,
    /// Open in the morning, until the half-day closing (an eve); otherwise closed all day.
    #[serde(default)]
    pub half_day: bool,
}

fn national() -> String {
    "national".to_owned()
}

/// The kinds a holiday may be, as stored.
pub const HOLIDAY_KINDS: [&str; 3] = ["national", "religious", "administrative"];

/// Everything the admin page and the public note on working time show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkingCalendar {
    pub targets: Vec<ResponseTarget>,
    pub hours: WorkingHoursView,
    pub holidays: Vec<HolidayView>,
}

/// The statistics' filters (`GET /api/v1/stats/response-times`); anything unreadable is refused.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[serde(default)]
pub struct StatsQuery {
    /// First month, YYYY-MM (default: eleven months before `to`).
    pub from: Option<String>,
    /// Last month, YYYY-MM (default: this month); at most 24 months from `from`.
    pub to: Option<String>,
    /// complaint, request or information_request
    pub kind: Option<String>,
    /// A directorate's id
    pub directorate: Option<String>,
}

/// The figures of one group of requests, by month of receipt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct StatsRow {
    /// YYYY-MM, the month the requests were received (İnegöl time)
    pub month: String,
    /// The kind, or none in a month's total.
    pub kind: Option<String>,
    /// The directorate, or none in a month's total.
    pub directorate_id: Option<i64>,
    pub count: i64,
    /// Median working hours from receipt to the first response, of those answered.
    pub median_first_response_hours: Option<f64>,
    /// Share (0–1) answered within the target, of those answered or past due.
    pub first_response_within_target: Option<f64>,
    /// Median working days from receipt to resolution, of those resolved.
    pub median_resolution_days: Option<f64>,
    /// Share (0–1) resolved within the target, of those resolved or past due.
    pub resolution_within_target: Option<f64>,
    /// Still open now.
    pub open: i64,
    /// Open now with the first response or the resolution past due.
    pub overdue: i64,
}

/// The statistics: one row per month, kind and directorate, and a total per month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResponseStats {
    pub from: String,
    pub to: String,
    /// RFC 3339: when these figures were counted (they are kept for a minute).
    pub generated_at: String,
    /// Per month (newest first), then kind, then directorate; only groups with requests.
    pub rows: Vec<StatsRow>,
    /// Per month (newest first), every kind and directorate of the filter together; every month
    /// of the range, with a count of zero when nothing was received.
    pub months: Vec<StatsRow>,
}

/// A request's due times and when they were met (RFC 3339, İnegöl's offset, +03:00); none for
/// submissions that are not service requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DueTimes {
    pub first_response_due_at: Option<String>,
    pub resolution_due_at: Option<String>,
    pub first_response_at: Option<String>,
    pub resolved_at: Option<String>,
    /// Open, with its first response or its resolution past due.
    pub overdue: bool,
}
