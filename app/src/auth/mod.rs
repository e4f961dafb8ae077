//! (ssr) Who is asking: `Actor` (the signed-in user and their roles, or nobody) and the password
//! hashing. argon2id with OWASP's parameters (m = 19 MiB, t = 2, p = 1); hashing is CPU-heavy,
//! so async callers run it on its own threads with bounded queues, sign-ins first
//! (`hash_password_async`, `verify_password_async`).
pub mod password;
pub mod secret;

use crate::domain::roles::Role;
use crate::error::{AppError, AppResult};

/// The user a request acts for. Built per request from the session; roles are read fresh from
/// the database each time, so a revoked role stops working at once. `addr` is where the request
/// came from (set by the server's request layer), for the audit log. `blocked_until` is set while
/// a moderator's block holds: the person reads but does not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Anonymous,
    User { id: i64, roles: Vec<Role>, addr: Option<String>, blocked_until: Option<String> },
}

impl Actor {
    pub fn user_id(&self) -> Option<i64> {
        match self {
            Actor::User { id, .. } => Some(*id),
            Actor::Anonymous => None,
        }
    }
    /// A signed-in user with these roles, with no address known (the command line, tests).
    pub fn user(id: i64, roles: Vec<Role>) -> Actor {
        Actor::User { id, roles, addr: None, blocked_until: None }
    }
    /// The person a session or token names, as read with `accounts::service::signed_in`.
    pub fn person(user: &crate::accounts::UserView) -> Actor {
        Actor::User { id: user.id, roles: user.roles.clone(), addr: None, blocked_until: user.blocked_until.clone() }
    }
    /// Where the request came from, when known.
    pub fn addr(&self) -> Option<&str> {
        match self {
            Actor::User { addr, .. } => addr.as_deref(),
            Actor::Anonymous => None,
        }
    }
    /// The same actor, acting from `addr`.
    pub fn from_addr(self, from: String) -> Actor {
        match self {
            Actor::User { id, roles, blocked_until, .. } => Actor::User { id, roles, addr: Some(from), blocked_until },
            anonymous => anonymous,
        }
    }
    /// The roles held (none for nobody).
    pub fn roles(&self) -> &[Role] {
        match self {
            Actor::User { roles, .. } => roles,
            Actor::Anonymous => &[],
        }
    }
    pub fn has(&self, role: Role) -> bool {
        matches!(self, Actor::User { roles, .. } if roles.contains(&role))
    }
    /// The signed-in user's id, or `Unauthenticated`.
    pub fn require_user(&self) -> AppResult<i64> {
        self.user_id().ok_or(AppError::Unauthenticated)
    }
    /// The signed-in user's id, for a write: `Unauthenticated` for nobody, `Blocked` while a
    /// moderator's block holds (a blocked person reads, follows and manages their account, but
    /// writes nothing others see: no submission, comment, support, flag, draft or file).
    pub fn require_writer(&self) -> AppResult<i64> {
        match self {
            Actor::User { blocked_until: Some(until), .. } => Err(AppError::Blocked { until: until.clone() }),
            _ => self.require_user(),
        }
    }
    /// `Unauthenticated` for nobody, `Forbidden` for a user without the role.
    pub fn require(&self, role: Role) -> AppResult<i64> {
        let id = self.require_user()?;
        if self.has(role) {
            Ok(id)
        } else {
            Err(AppError::Forbidden)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_gate_actions() {
        let admin = Actor::user(1, vec![Role::Citizen, Role::Admin]);
        let citizen = Actor::user(2, vec![Role::Citizen]);
        assert_eq!(admin.require(Role::Admin), Ok(1));
        assert_eq!(citizen.require(Role::Admin), Err(AppError::Forbidden));
        assert_eq!(Actor::Anonymous.require(Role::Admin), Err(AppError::Unauthenticated));
    }

    #[test]
    fn a_blocked_person_reads_but_does_not_write() {
        let until = "2026-12-31T00:00:00+03:00".to_owned();
        let blocked = Actor::User { id: 3, roles: vec![Role::Citizen], addr: None, blocked_until: Some(until.clone()) };
        assert_eq!(blocked.require_user(), Ok(3));
        assert_eq!(blocked.require_writer(), Err(AppError::Blocked { until }));
        assert_eq!(Actor::user(2, vec![Role::Citizen]).require_writer(), Ok(2));
        assert_eq!(Actor::Anonymous.require_writer(), Err(AppError::Unauthenticated));
    }
}
