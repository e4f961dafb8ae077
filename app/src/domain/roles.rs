//! Roles (DESIGN.md §2). A person holds several; every permission is checked on the server.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Citizen,
    Staff,
    Evaluator,
    Chair,
    Admin,
}

impl Role {
    pub const ALL: [Role; 5] = [Role::Citizen, Role::Staff, Role::Evaluator, Role::Chair, Role::Admin];

    /// The stable name stored in `user_roles.role` and used by the CLI and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Citizen => "citizen",
            Role::Staff => "staff",
            Role::Evaluator => "evaluator",
            Role::Chair => "chair",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("superuser"), None);
    }
}
