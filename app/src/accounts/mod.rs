//! Accounts: registering, signing in and out, changing the password, and the roles a person
//! holds. `UserView` is what leaves the server (never the password hash); the rules are in
//! `domain::accounts`, the operations in `service`, the rows and queries in `model`.
#[cfg(feature = "ssr")]
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod tokens;
#[cfg(feature = "ssr")]
pub mod verification;

use crate::domain::roles::Role;
use serde::{Deserialize, Serialize};

/// A user as shown to themselves, to admins and by `GET /api/v1/me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserView {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    #[cfg_attr(feature = "ssr", schema(value_type = Vec<String>, example = json!(["citizen"])))]
    pub roles: Vec<Role>,
    /// The owner has confirmed the address (notification e-mail goes only to confirmed ones).
    #[serde(default)]
    pub email_verified: bool,
    /// The directorate a staff member works in (their queue, and where requests are routed).
    #[serde(default)]
    pub directorate_id: Option<i64>,
    /// Blocked by a moderator: the person reads but does not write until then (RFC 3339); none
    /// when not blocked (a block that ended is none too).
    #[serde(default)]
    pub blocked_until: Option<String>,
}

/// A personal API token as its owner sees it (never the secret, which is shown once, at
/// creation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TokenView {
    pub id: i64,
    /// What the owner called it ("Muhtarlık tableti").
    pub name: String,
    /// The first characters of the secret, to tell tokens apart.
    pub prefix: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// A new token with its secret: the only time the secret leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct NewToken {
    #[serde(flatten)]
    pub token: TokenView,
    /// Send as `Authorization: Bearer <token>`.
    pub secret: String,
}
