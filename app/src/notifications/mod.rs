//! Notifications: what the author and followers of a submission are told (new comments, official
//! answers, status changes), listed in the app with an unread count.
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
