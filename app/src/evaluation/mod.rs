//! The evaluation committee (DESIGN.md §4.2, issue 10): the rubric, rounds of blind scoring on a
//! proposal under evaluation, recusals, the result with its spread, and the chair's decision. The
//! arithmetic and the visibility rules are `domain::evaluation`'s; `service` stores and enforces.
#[cfg(feature = "ssr")]
pub mod admin;
pub mod admin_pages;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::evaluation::{CriterionDraft, RoundResult};
use serde::{Deserialize, Serialize};

/// One criterion of a rubric version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CriterionView {
    pub id: i64,
    pub key: String,
    pub name_tr: String,
    pub name_en: String,
    /// Percent; a rubric's weights add up to 100.
    pub weight: i32,
}

/// A version of the rubric. Rounds keep the version they were opened with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RubricView {
    pub id: i64,
    pub version: i64,
    /// Scores run from 1 to this (5 or 10).
    pub scale_max: i32,
    pub created_at: String,
    pub criteria: Vec<CriterionView>,
}

/// One score of a sheet, as its member, the other members after they scored, and (without the
/// member) the public after the round closed see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ScoreView {
    /// The member's name; absent where scores are published without names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<String>,
    pub criterion_id: i64,
    pub score: i32,
    pub justification: String,
}

/// A member of a round and how far they are: scored, recused (public, without the reason), or
/// neither yet. Names are shown to the committee only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MemberView {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub scored: bool,
    pub recused: bool,
}

/// A round as the caller may see it (`GET /api/v1/rounds/{id}`): blind until the caller has
/// scored or the round has closed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoundView {
    pub id: i64,
    pub submission_id: i64,
    pub rubric_version: i64,
    pub scale_max: i32,
    pub criteria: Vec<CriterionView>,
    pub opened_at: String,
    /// RFC 3339, UTC: the end of the deadline's day in İnegöl.
    pub deadline: String,
    pub quorum: i64,
    pub closed_at: Option<String>,
    /// The committee that scores it; none: every evaluator of the day when it opened.
    pub committee: Option<String>,
    pub members: Vec<MemberView>,
    /// Members who have sent their sheet.
    pub scored: i64,
    /// Whether the caller is a member of this round, has scored, has recused.
    pub i_am_member: bool,
    pub i_have_scored: bool,
    pub i_have_recused: bool,
    /// The scores the caller may see (their own before they score; everyone's after).
    pub scores: Vec<ScoreView>,
    /// The result, once the round is closed.
    pub result: Option<RoundResult>,
}

/// The chair's decision on a proposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct DecisionView {
    pub id: i64,
    /// feasible, not_feasible, approved, rejected, more_information
    pub outcome: String,
    pub public_reason: String,
    /// Turkish lira (₺), as decided.
    pub estimated_cost: Option<f64>,
    pub estimated_days: Option<i64>,
    pub decided_at: String,
}

/// The public scorecard of a proposal: the last closed round's result and the decisions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Scorecard {
    pub submission_id: i64,
    pub round_id: i64,
    pub rubric_version: i64,
    pub scale_max: i32,
    pub criteria: Vec<CriterionView>,
    /// Members who scored, and who recused.
    pub scored: i64,
    pub recused: i64,
    pub closed_at: String,
    pub result: RoundResult,
    /// Every score without names, where the admin setting publishes them.
    pub scores: Vec<ScoreView>,
    pub decisions: Vec<DecisionView>,
}

/// A proposal under evaluation, as the committee's queue lists it, with its latest round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub submission_id: i64,
    pub reference: String,
    pub title: String,
    pub support_count: i64,
    pub round: Option<QueueRound>,
}

/// The latest round of a queued proposal, as far as the asker may know it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueRound {
    pub id: i64,
    pub closed: bool,
    pub deadline: String,
    pub members: i64,
    pub scored: i64,
    pub quorum: i64,
    pub i_am_member: bool,
    pub i_have_scored: bool,
    pub i_have_recused: bool,
}

/// The review board's settings, as admins set them (`GET`/`PUT /api/v1/admin/settings`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BoardSettings {
    /// Supports that send a proposal to the committee.
    pub support_threshold: i64,
    /// Members who must have scored before a round may close (fixed in a round when it opens).
    pub evaluation_quorum: i64,
    /// The public scorecard lists every score, without names.
    pub publish_individual_scores: bool,
    /// The timeline names the officials who acted, beside their role and directorate.
    pub timeline_actor_names: bool,
}

/// Changes to the settings: only the fields given change.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct SettingsInput {
    pub support_threshold: Option<i64>,
    pub evaluation_quorum: Option<i64>,
    pub publish_individual_scores: Option<bool>,
    pub timeline_actor_names: Option<bool>,
}

/// A new version of the rubric (`POST /api/v1/rubrics`): rounds opened from now on use it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RubricInput {
    /// 5 or 10: scores run from 1 to this.
    pub scale_max: i32,
    pub criteria: Vec<CriterionDraft>,
}

/// A person on a committee; the e-mail address for administrators only.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CommitteePerson {
    pub id: i64,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// A committee of evaluators with its chair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CommitteeView {
    pub id: i64,
    pub name: String,
    pub active: bool,
    /// Only this person (holding the chair role) opens, closes and decides its rounds; without
    /// one, any chair.
    pub chair: Option<CommitteePerson>,
    pub members: Vec<CommitteePerson>,
}

/// A committee as an admin writes it (`POST /api/v1/committees`, `PUT /api/v1/committees/{id}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CommitteeInput {
    pub name: String,
    /// The chair's e-mail address: a person holding the chair role. Empty: any chair.
    #[serde(default)]
    pub chair_email: Option<String>,
    /// The members' e-mail addresses: people holding the evaluator role.
    #[serde(default)]
    pub member_emails: Vec<String>,
    /// Inactive committees get no new rounds. Default: active.
    #[serde(default)]
    pub active: Option<bool>,
}
