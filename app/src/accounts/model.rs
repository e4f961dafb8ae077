//! (ssr) Account rows and their queries. Rows are never serialised: `UserView` is the shape
//! that leaves the server, so a new column stays private until someone decides otherwise.
use crate::db::schema::{user_roles, users};
use crate::db::time::now;
use crate::db::DbConn;
use crate::domain::roles::Role;
use diesel::prelude::*;
use time::PrimitiveDateTime;

diesel::define_sql_function!(fn lower(x: diesel::sql_types::Text) -> diesel::sql_types::Text);

/// An account row. `Debug` leaves out the password hash, so it never reaches a log.
#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub email_normalized: String,
    pub display_name: String,
    pub password_hash: String,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
    /// When its owner confirmed the address (None: no e-mail goes to it yet).
    pub email_verified_at: Option<PrimitiveDateTime>,
    /// The directorate a staff member works in (set by admins beside the roles).
    pub directorate_id: Option<i64>,
    /// A moderator blocked the person from writing until then (a past time: no longer).
    pub blocked_until: Option<PrimitiveDateTime>,
}

impl std::fmt::Debug for UserRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRow")
            .field("id", &self.id)
            .field("email", &self.email)
            .field("display_name", &self.display_name)
            .field("password_hash", &"[redacted]")
            .finish_non_exhaustive()
    }
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUserRow<'a> {
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub created_at: PrimitiveDateTime,
    pub updated_at: PrimitiveDateTime,
    pub email_verified_at: Option<PrimitiveDateTime>,
}

pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<UserRow> {
    users::table.find(id).select(UserRow::as_select()).first(conn)
}

pub fn by_email(conn: &mut DbConn, email_normalized: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::email_normalized.eq(email_normalized))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert(conn: &mut DbConn, row: &NewUserRow<'_>) -> QueryResult<i64> {
    diesel::insert_into(users::table).values(row).returning(users::id).get_result(conn)
}

pub fn set_password_hash(conn: &mut DbConn, id: i64, hash: &str) -> QueryResult<usize> {
    diesel::update(users::table.find(id))
        .set((users::password_hash.eq(hash), users::updated_at.eq(now())))
        .execute(conn)
}

/// The user's roles, in a fixed order; unknown names in the table are skipped.
pub fn roles_of(conn: &mut DbConn, user_id: i64) -> QueryResult<Vec<Role>> {
    let names: Vec<String> =
        user_roles::table.filter(user_roles::user_id.eq(user_id)).select(user_roles::role).load(conn)?;
    Ok(roles_named(names.iter().map(String::as_str)))
}

/// The roles stored under `names`, in order; a name no longer known is left out.
pub fn roles_named<'a>(names: impl Iterator<Item = &'a str>) -> Vec<Role> {
    let mut roles: Vec<Role> = names.filter_map(Role::parse).collect();
    roles.sort();
    roles
}

/// The roles of many users in one query, keyed by user id (for lists).
pub fn roles_of_many(conn: &mut DbConn, user_ids: &[i64]) -> QueryResult<std::collections::HashMap<i64, Vec<Role>>> {
    let pairs: Vec<(i64, String)> = user_roles::table
        .filter(user_roles::user_id.eq_any(user_ids))
        .select((user_roles::user_id, user_roles::role))
        .load(conn)?;
    let mut out: std::collections::HashMap<i64, Vec<Role>> = std::collections::HashMap::new();
    for (id, name) in pairs {
        if let Some(role) = Role::parse(&name) {
            out.entry(id).or_default().push(role);
        }
    }
    out.values_mut().for_each(|roles| roles.sort());
    Ok(out)
}

/// Grants a role; granting one already held changes nothing and returns false.
pub fn grant(conn: &mut DbConn, user_id: i64, role: Role) -> QueryResult<bool> {
    let held = user_roles::table
        .filter(user_roles::user_id.eq(user_id).and(user_roles::role.eq(role.as_str())))
        .count()
        .get_result::<i64>(conn)?;
    if held > 0 {
        return Ok(false);
    }
    diesel::insert_into(user_roles::table)
        .values((user_roles::user_id.eq(user_id), user_roles::role.eq(role.as_str()), user_roles::granted_at.eq(now())))
        .execute(conn)?;
    Ok(true)
}

/// Revokes a role; returns false when it was not held.
pub fn revoke(conn: &mut DbConn, user_id: i64, role: Role) -> QueryResult<bool> {
    let n = diesel::delete(
        user_roles::table.filter(user_roles::user_id.eq(user_id).and(user_roles::role.eq(role.as_str()))),
    )
    .execute(conn)?;
    Ok(n > 0)
}

/// Users whose name or e-mail contains `needle` (already lower-cased), newest first.
pub fn search(conn: &mut DbConn, needle: &str, limit: i64) -> QueryResult<Vec<UserRow>> {
    let mut q = users::table.select(UserRow::as_select()).order(users::id.desc()).limit(limit).into_boxed();
    if !needle.is_empty() {
        let pattern = format!("%{}%", needle.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        q = q.filter(
            users::email_normalized
                .like(pattern.clone())
                .escape('\\')
                .or(lower(users::display_name).like(pattern).escape('\\')),
        );
    }
    q.load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_reach_a_log() {
        let at = now();
        let row = UserRow {
            id: 1,
            email: "a@example.com".into(),
            email_normalized: "a@example.com".into(),
            display_name: "Ayşe".into(),
            password_hash: "$argon2id$v=19$secret".into(),
            created_at: at,
            updated_at: at,
            email_verified_at: None,
            directorate_id: None,
            blocked_until: None,
        };
        assert!(!format!("{row:?}").contains("argon2id"), "{row:?}");
        let intake = crate::submissions::Intake {
            channel: "phone".into(),
            citizen_name: "Mehmet Kaya".into(),
            citizen_contact: "0532 000 00 00".into(),
            consent: true,
            visit_id: None,
        };
        let shown = format!("{intake:?}");
        assert!(shown.contains("phone") && !shown.contains("Mehmet") && !shown.contains("0532"), "{shown}");
    }
}
