//! Implementation of approved proposals (DESIGN.md §4.1, issue 10): milestones with planned and
//! done dates, the progress, the budget and the responsible directorate, each change an event on
//! the timeline; and the public board of proposals by stage.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

/// One milestone of a proposal's implementation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MilestoneView {
    pub id: i64,
    pub title: String,
    /// YYYY-MM-DD
    pub planned_on: String,
    /// YYYY-MM-DD, once done.
    pub done_on: Option<String>,
    pub note: String,
}

/// A proposal's implementation: progress, budget, responsible directorate, milestones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ImplementationView {
    pub progress_percent: i32,
    /// Turkish lira (₺).
    pub budget: Option<f64>,
    pub directorate_id: Option<i64>,
    pub milestones: Vec<MilestoneView>,
    /// Photos of the place before the work, and after it.
    pub before: Vec<crate::submissions::MediaView>,
    pub after: Vec<crate::submissions::MediaView>,
}

/// A proposal on the public board.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BoardItem {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub support_count: i64,
    /// While implemented.
    pub progress_percent: Option<i32>,
    /// RFC 3339, UTC
    pub updated_at: String,
}

/// One stage of the board: how many proposals are there, and the most recently moved ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BoardStage {
    /// under_evaluation, feasible, approved, scheduled, in_implementation, completed
    pub status: String,
    pub count: i64,
    pub items: Vec<BoardItem>,
}

/// The public board: proposals by stage, with the listing's filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Board {
    pub stages: Vec<BoardStage>,
}

/// The board's filters (ids from the reference lists; anything unreadable is ignored).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
pub struct BoardQuery {
    pub category: Option<String>,
    pub neighbourhood: Option<String>,
    pub directorate: Option<String>,
}

impl BoardQuery {
    fn id(v: &Option<String>) -> Option<i64> {
        v.as_deref().and_then(|s| s.trim().parse::<i64>().ok()).filter(|n| *n > 0)
    }
    pub fn category_id(&self) -> Option<i64> {
        Self::id(&self.category)
    }
    pub fn neighbourhood_id(&self) -> Option<i64> {
        Self::id(&self.neighbourhood)
    }
    pub fn directorate_id(&self) -> Option<i64> {
        Self::id(&self.directorate)
    }
}
