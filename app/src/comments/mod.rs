//! Comments on a submission: replies one level deep, sanitised Markdown, editable for ten
//! minutes, deletable by their author (a placeholder stays), staff answers marked official and
//! pinned. Flags and moderation are in `moderation`.
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

pub const BODY_MAX: usize = 5_000;
pub const EDIT_WINDOW_SECS: i64 = 600;

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
    /// Out of public view: `pending` (waits for a moderator before publication), `flagged`
    /// (hidden after flags until a moderator looks) or `hidden` (a moderator hid it). The public
    /// reads a placeholder (`body_html` empty); its author and moderators read the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub moderation: Option<crate::moderation::ModerationState>,
    /// A moderator's public reason for hiding it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub moderation_reason: String,
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
