//! Notifications: what the author and followers of a submission are told (new comments, official
//! answers, status changes), listed in the app with an unread count.
#[cfg(feature = "ssr")]
pub mod mailer;
#[cfg(feature = "ssr")]
pub mod service;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NotificationView {
    pub id: i64,
    pub submission_id: i64,
    pub reference: String,
    pub submission_title: String,
    /// comment, official_answer, status
    pub kind: String,
    /// For `status`: the new status.
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

#[leptos::server(prefix = "/_sf", endpoint = "notification_settings")]
pub async fn load_notification_settings() -> Result<NotificationSettings, crate::error::AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let Some(me) = ctx.actor.user_id() else { return Ok(NotificationSettings::default()) };
    crate::db::read(&ctx.pool, move |c| mailer::settings_of(c, me)).await
}
