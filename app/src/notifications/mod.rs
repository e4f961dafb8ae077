//! Notifications: what the author and followers of a submission are told (new comments, official
//! answers, status changes), listed in the app with an unread count, and the e-mail that carries
//! them: the durable outbox (`outbox`), the worker that sends it (`mailer`), and the admin page of
//! messages that do not go out (`admin`, `/admin/mail`).
pub mod admin;
#[cfg(feature = "ssr")]
pub mod mailer;
#[cfg(feature = "ssr")]
pub mod outbox;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

crate::domain::codes::code_enum! {
    /// What a notification tells a follower about; each kind has its own e-mail setting.
    pub enum NotificationKind("notification kind") {
        Comment = "comment",
        OfficialAnswer = "official_answer",
        /// The status changed; the notification's `detail` is the new status.
        Status = "status",
        /// To a committee member: a round of scoring opened (`round_opened:{round}`), or its
        /// deadline is a day away and they have not scored (`round_reminder:{round}`).
        Evaluation = "evaluation",
        /// A milestone of the implementation; `detail` is its title.
        Milestone = "milestone",
        /// To the author: a moderator hid, restored or published their comment or submission;
        /// `detail` is `{comment|submission}_{hidden|restored|published}:{reason}`.
        Moderation = "moderation",
        /// To a supporter of a duplicate: it was merged into another; `detail` is
        /// `{original id}:{original reference}`, whose support they are invited to give.
        Merged = "merged",
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: i64,
    pub submission_id: i64,
    pub reference: String,
    pub submission_title: String,
    /// comment, official_answer, status, evaluation, milestone
    #[cfg_attr(feature = "ssr", schema(value_type = String, example = "comment"))]
    pub kind: NotificationKind,
    /// For `status`: the new status; for `evaluation`: `round_opened:{round}` or
    /// `round_reminder:{round}`; for `milestone`: its title.
    pub detail: String,
    pub created_at: String,
    pub read: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationList {
    pub items: Vec<NotificationView>,
    pub unread: i64,
}

/// Which notifications a person also wants by e-mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct NotificationSettings {
    pub email_comments: bool,
    pub email_official: bool,
    pub email_status: bool,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings { email_comments: true, email_official: true, email_status: true }
    }
}

/// The admin mail lists show at most this many messages each, oldest first.
pub const ADMIN_MAIL_LIST_MAX: i64 = 200;

/// One message of the mail outbox, as admins see it (the recipient's address included).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MailView {
    pub id: i64,
    pub recipient: String,
    pub subject: String,
    /// pending, sent, failed
    pub state: String,
    /// Failed attempts since it was written or last resent.
    pub attempts: i64,
    /// What the mail server (or the outbox folder) said at the last failed attempt.
    pub last_error: Option<String>,
    pub created_at: String,
    /// When a worker tries it next (pending), or when it was given up (failed).
    pub next_attempt_at: String,
    /// A worker holds it and may be sending it right now.
    pub sending: bool,
    pub sent_at: Option<String>,
    /// Minutes since it was written.
    pub age_minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MailList {
    pub items: Vec<MailView>,
}

/// Which messages the admin lists show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailViewFilter {
    /// Pending, but late or failed several times.
    Stuck,
    /// Given up after the retry window.
    Failed,
}

impl MailViewFilter {
    pub fn parse(s: &str) -> Option<MailViewFilter> {
        match s {
            "stuck" => Some(MailViewFilter::Stuck),
            "failed" => Some(MailViewFilter::Failed),
            _ => None,
        }
    }
}

/// Both lists of the admin mail page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AdminMail {
    pub stuck: Vec<MailView>,
    pub failed: Vec<MailView>,
}

/// Everything for `/admin/mail`; `None` for someone who is not an admin.
#[leptos::server(prefix = "/_sf", endpoint = "admin_mail")]
pub async fn load_admin_mail() -> Result<Option<AdminMail>, crate::error::AppError> {
    use crate::error::AppError;
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let actor = ctx.actor.clone();
    let lists = crate::db::read(&ctx.pool, move |c| {
        let now = crate::db::time::now();
        let stuck = outbox::for_admin(c, &actor, MailViewFilter::Stuck, now)?;
        let failed = outbox::for_admin(c, &actor, MailViewFilter::Failed, now)?;
        Ok(AdminMail { stuck, failed })
    })
    .await;
    match lists {
        Ok(lists) => Ok(Some(lists)),
        Err(AppError::Forbidden | AppError::Unauthenticated) => Ok(None),
        Err(e) => Err(e),
    }
}
