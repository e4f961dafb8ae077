//! Routing of service requests (DESIGN.md §4.3, issue 11): staff route a complaint, request or
//! information request to a directorate and an officer of it, each move a public step of the
//! timeline; each directorate has its queue and each officer sees what is assigned to them.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::response_times::DueTimes;
use serde::{Deserialize, Serialize};

/// A routing as sent (`POST /api/v1/submissions/{id}/assignment`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AssignmentInput {
    pub directorate_id: i64,
    /// A staff member of that directorate; none: the directorate's queue.
    #[serde(default)]
    pub officer_id: Option<i64>,
    /// What the public reads on the timeline.
    #[serde(default)]
    pub public_note: Option<String>,
}

/// A directorate queue's filters (`GET /api/v1/queues/{directorate_id}`); anything unreadable is
/// ignored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[serde(default)]
pub struct QueueQuery {
    /// A status code; without it, every open status.
    pub status: Option<String>,
    pub kind: Option<String>,
    pub neighbourhood: Option<String>,
    pub channel: Option<String>,
    /// `me`: only what is assigned to the asker.
    pub assigned_to: Option<String>,
    /// Only requests received at least this many days ago.
    pub older_than_days: Option<String>,
    /// `true`: only requests whose first response or resolution is past due.
    pub overdue: Option<String>,
    /// `true`: only requests whose first response or resolution falls due later today (İnegöl
    /// time), not yet overdue.
    pub due_today: Option<String>,
    pub page: Option<String>,
}

/// One request in a queue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueEntry {
    pub id: i64,
    pub reference: String,
    pub title: String,
    /// complaint, request, information_request
    pub kind: String,
    pub status: String,
    pub neighbourhood_id: i64,
    pub channel: String,
    /// RFC 3339, UTC
    pub created_at: String,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    #[serde(flatten)]
    pub due: DueTimes,
}

/// A directorate's queue: oldest first, a page at a time.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Queue {
    pub directorate_id: i64,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    /// Of the directorate's open requests (whatever the filters): how many are past due, and
    /// how many fall due later today.
    pub overdue: i64,
    pub due_today: i64,
    pub items: Vec<QueueEntry>,
}
