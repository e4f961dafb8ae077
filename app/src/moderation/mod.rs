//! Moderation (DESIGN.md §4.4, issue 11): flags with a reason from a short list; after N flags (an
//! admin setting) a comment or submission is hidden until a moderator (staff) looks; moderators
//! hide or restore with a reason, the original kept and a placeholder with the reason shown to
//! the public; text matching the word list (`domain::moderation`) waits for a moderator before it
//! is published, and its author is told; moderators block a person from writing until a date;
//! staff merge a duplicate into its original.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

crate::domain::codes::code_enum! {
    /// Why someone flags a comment or a submission: a short list, so moderators can sort.
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    pub enum FlagReason("flag reason") {
        /// Advertising or the same text again and again.
        Spam = "spam",
        /// Swearing, insults, hate.
        Abuse = "abuse",
        /// Someone's phone number, address or identity number.
        PersonalData = "personal_data",
        /// False or misleading.
        Misleading = "misleading",
        /// Nothing to do with İnegöl or with the submission.
        OffTopic = "off_topic",
        Other = "other",
    }
}

crate::domain::codes::code_enum! {
    /// Why a comment or submission is out of public view (public: no state at all).
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    pub enum ModerationState("moderation state") {
        /// The word list held it before publication; a moderator publishes or hides it.
        Pending = "pending",
        /// Enough people flagged it; hidden until a moderator looks.
        Flagged = "flagged",
        /// A moderator hid it; the public sees the reason.
        Hidden = "hidden",
    }
}

crate::domain::codes::code_enum! {
    /// What a moderator does (`POST /api/v1/{comments,submissions}/{id}/moderation`).
    #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
    pub enum ModerationAction("moderation action") {
        /// Out of public view, with a public reason.
        Hide = "hide",
        /// Public again (or published, when it was held): the flags before it are settled.
        Restore = "restore",
    }
}

/// What a flag says (`POST /api/v1/{submissions,comments}/{id}/flag`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct FlagInput {
    /// spam, abuse, personal_data, misleading, off_topic or other
    pub reason: String,
    /// Anything the moderators should know (up to 500 characters).
    pub detail: String,
}

/// A moderator's decision (`POST /api/v1/{comments,submissions}/{id}/moderation`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ModerationInput {
    /// hide or restore
    pub action: String,
    /// Why (1–500 characters). A hidden item's placeholder shows it to the public, and its author
    /// is told.
    pub reason: String,
}

/// Where a comment or submission stands after a moderator's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ModerationOutcome {
    /// submission or comment
    pub target: String,
    pub id: i64,
    /// null: public
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub moderation: Option<ModerationState>,
    pub reason: String,
}

/// What the public reads in place of a comment or submission out of view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Placeholder {
    #[cfg_attr(feature = "ssr", schema(value_type = String))]
    pub state: ModerationState,
    /// A moderator's public reason (hidden only).
    pub reason: String,
}

/// One entry of the moderators' queue: held, hidden by flags, or public with open flags.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct QueueEntry {
    /// submission or comment
    pub target: String,
    pub id: i64,
    /// The submission it is (or is on).
    pub submission_id: i64,
    pub reference: String,
    /// The submission's title, or the comment's first words.
    pub excerpt: String,
    pub author_id: Option<i64>,
    pub author_name: String,
    /// null: public, with open flags.
    #[cfg_attr(feature = "ssr", schema(value_type = Option<String>))]
    pub moderation: Option<ModerationState>,
    /// The listed word that held it (pending only; moderators only).
    pub held_for: String,
    /// Open flags by reason code: `[["abuse", 2], ["spam", 1]]`.
    pub flags: Vec<(String, i64)>,
    pub created_at: String,
}

/// The moderators' page: the queue, the flag threshold, the word list's size and who is blocked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ModerationQueue {
    pub entries: Vec<QueueEntry>,
    pub flag_threshold: i64,
    pub blocked: Vec<BlockView>,
}

/// A block (`POST /api/v1/users/{id}/block`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct BlockInput {
    /// Why (1–500 characters); the person is told.
    pub reason: String,
    /// The last day of the block, YYYY-MM-DD (İnegöl's calendar): the person writes again the
    /// next morning. A day in the past lifts the block.
    pub until: String,
}

/// A person's block as moderators see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BlockView {
    pub user_id: i64,
    pub display_name: String,
    pub reason: String,
    /// The last day of the block (YYYY-MM-DD).
    pub until: String,
    /// Whether it still holds.
    pub active: bool,
}

/// A merge (`POST /api/v1/submissions/{id}/merge`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct MergeInput {
    /// The original's id (or its reference code, in the form).
    pub into: i64,
}

/// A duplicate and its original, each linking to the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MergeView {
    pub duplicate_id: i64,
    pub original_id: i64,
    pub original_reference: String,
    /// Followers of the duplicate who now follow the original.
    pub followers_moved: i64,
    /// Supporters of the duplicate told about the original (no support is moved: a support
    /// needs its citizen's consent).
    pub supporters_told: i64,
}

/// A submission linked by a merge, as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MergeLink {
    pub id: i64,
    pub reference: String,
    pub title: String,
}

/// The merges a submission page shows: the original it was merged into, the duplicates merged
/// into it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Merges {
    pub into: Option<MergeLink>,
    pub duplicates: Vec<MergeLink>,
}
