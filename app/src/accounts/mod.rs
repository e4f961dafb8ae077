//! Accounts: registering, signing in and out, changing the password, and the roles a person
//! holds. `UserView` is what leaves the server (never the password hash); the rules are in
//! `domain::accounts`, the operations in `service`, the rows and queries in `model`.
#[cfg(feature = "ssr")]
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;

use crate::domain::roles::Role;
use crate::error::AppError;
use leptos::prelude::*;
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
}

/// Users matching `q` (name or e-mail, Turkish-insensitive), for the admin role page; at most 50.
#[server(prefix = "/_sf", endpoint = "admin_users")]
pub async fn admin_users(q: String) -> Result<Vec<UserView>, AppError> {
    let ctx = crate::session::ssr::RequestCtx::from_leptos().await?;
    let actor = ctx.actor.clone();
    crate::db::read(&ctx.pool, move |c| service::search_users(c, &actor, &q, 50)).await
}
