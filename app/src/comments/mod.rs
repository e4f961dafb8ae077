//! Comments on a submission: replies one level deep, sanitised Markdown, editable for ten
//! minutes, deletable by their author (a placeholder stays), staff answers marked official and
//! pinned; anyone signed in can flag a comment or a submission.
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

pub const BODY_MAX: usize = 5_000;
pub const EDIT_WINDOW_SECS: i64 = 600;
pub const REASON_MAX: usize = 500;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CommentView {
    pub id: i64,
    pub parent_id: Option<i64>,
    pub author_name: String,
    /// A staff answer on behalf of the municipality.
    pub official: bool,
    /// Sanitised HTML; empty when deleted.
    pub body_html: String,
    /// The Markdown, for its author's edit form; empty for everyone else.
    pub body: String,
    pub deleted: bool,
    pub edited: bool,
    pub created_at: String,
    pub mine: bool,
    /// The author may still edit (within ten minutes of writing).
    pub can_edit: bool,
    #[cfg_attr(feature = "ssr", schema(no_recursion))]
    pub replies: Vec<CommentView>,
}

/// The body of `POST /api/v1/submissions/{id}/comments`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NewComment {
    /// Markdown, 1–5,000 characters
    pub body: String,
    /// Reply to this top-level comment
    pub parent_id: Option<i64>,
    /// Staff only: answer officially on behalf of the municipality
    pub official: bool,
}
