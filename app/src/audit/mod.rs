//! The audit log of staff and admin actions: written by `service::record` in the transaction of
//! each action (role changes, reference data, password changes, staff intake with a citizen's
//! private contact, official answers, every read of a private contact), read by administrators on
//! `/admin/audit` (`pages.rs`) and at `GET /api/v1/admin/audit`.
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Entries on one page of the log.
pub const AUDIT_PER_PAGE: i64 = 50;

/// One recorded action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// None: the command line.
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub actor_email: Option<String>,
    /// Stable code: `intake_recorded`, `official_answer`, `contact_read`, `role_granted`, …
    pub action: String,
    /// What it was done to: `submission:12`, `user:7`, `comment:40`, …
    pub subject: String,
    pub detail: String,
    /// The client address the action came from, when known.
    pub addr: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// The filters of the log (every one optional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams))]
#[serde(default)]
pub struct AuditQuery {
    /// An action code, exactly.
    pub action: Option<String>,
    /// The actor's e-mail address.
    pub actor: Option<String>,
    /// The start of the subject: `submission:12`.
    pub subject: Option<String>,
    /// First day, `YYYY-MM-DD` (UTC).
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (UTC), inclusive.
    pub to: Option<String>,
    pub page: Option<i64>,
}

/// The action codes the page offers as a filter.
pub const ACTIONS: [&str; 19] = [
    "intake_recorded",
    "official_answer",
    "contact_read",
    "caller_lookup",
    "response_targets_set",
    "working_hours_set",
    "holiday_added",
    "holiday_removed",
    "role_granted",
    "role_revoked",
    "password_changed",
    "admin_created",
    "directorate.saved",
    "category.saved",
    "neighbourhood.saved",
    "setting.saved",
    "mail_resent",
    "token_created",
    "token_revoked",
];

/// The log for the admin page.
#[server(prefix = "/_sf", endpoint = "audit_log")]
pub async fn load_audit(query: AuditQuery) -> Result<AuditPage, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let actor = ctx.actor.clone();
    crate::db::read(&ctx.pool, move |c| service::list(c, &actor, &query)).await
}
