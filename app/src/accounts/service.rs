//! (ssr) Account operations, shared by the web forms, the JSON API, the CLI and the tests.
//! Password hashing is slow on purpose (~50 ms of CPU), so the operations that hash take the
//! pool and hash *outside* the database transaction: a SQLite write lock is never held while
//! argon2 runs. Everything else is `fn(&mut DbConn, &Actor, …)` inside `db::tx`.
use super::model::{self, NewUserRow};
use super::UserView;
use crate::audit::service as audit;
use crate::auth::password::{dummy_hash, hash_password_async, verify_password_async, Priority};
use crate::auth::Actor;
use crate::db::{self, DbConn, Pool};
use crate::domain::accounts::{self, NewAccount};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

fn view(conn: &mut DbConn, row: &model::UserRow) -> AppResult<UserView> {
    Ok(UserView {
        id: row.id,
        email: row.email.clone(),
        display_name: row.display_name.clone(),
        roles: model::roles_of(conn, row.id)?,
        email_verified: row.email_verified_at.is_some(),
        directorate_id: row.directorate_id,
        blocked_until: block_end(row.blocked_until),
    })
}

/// When a block still in force ends (RFC 3339); none for no block or one that has ended.
fn block_end(until: Option<time::PrimitiveDateTime>) -> Option<String> {
    until.filter(|t| *t > crate::db::time::now()).map(crate::db::time::iso)
}

pub fn user_view(conn: &mut DbConn, id: i64) -> AppResult<UserView> {
    let row = model::by_id(conn, id)?;
    view(conn, &row)
}

/// The person a session names and their unread notifications, in one statement (a row per
/// role): asked on every request of a signed-in person. `None` when the account is gone.
pub fn signed_in(conn: &mut DbConn, id: i64) -> AppResult<Option<(UserView, i64)>> {
    use crate::db::schema::{notifications, user_roles, users};
    use diesel::prelude::*;
    let unread = notifications::table
        .filter(notifications::user_id.eq(id).and(notifications::read_at.is_null()))
        .count()
        .single_value()
        .assume_not_null();
    let rows: Vec<PersonRow> = users::table
        .left_join(user_roles::table)
        .filter(users::id.eq(id))
        .select((
            users::id,
            users::email,
            users::display_name,
            users::email_verified_at,
            users::directorate_id,
            users::blocked_until,
            user_roles::role.nullable(),
            unread,
        ))
        .load(conn)?;
    Ok(person_of(&rows))
}

/// A person as `signed_in` and `by_session` read them: a row per role, each with the unread count.
type PersonRow = (
    i64,
    String,
    String,
    Option<time::PrimitiveDateTime>,
    Option<i64>,
    Option<time::PrimitiveDateTime>,
    Option<String>,
    i64,
);

fn person_of(rows: &[PersonRow]) -> Option<(UserView, i64)> {
    let (id, email, display_name, verified_at, directorate_id, blocked, _, unread) = rows.first().cloned()?;
    let roles = model::roles_named(rows.iter().filter_map(|r| r.6.as_deref()));
    let view = UserView {
        id,
        email,
        display_name,
        roles,
        email_verified: verified_at.is_some(),
        directorate_id,
        blocked_until: block_end(blocked),
    };
    Some((view, unread))
}

/// A session row that has not expired, with the person it names (`sessions.user_id`): a row per
/// role. The person's columns are empty for a session without a sign-in, or whose account is gone.
#[derive(diesel::QueryableByName)]
struct SessionRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    data: String,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    uid: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    email: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    display_name: Option<String>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamp>)]
    email_verified_at: Option<time::PrimitiveDateTime>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    directorate_id: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamp>)]
    blocked_until: Option<time::PrimitiveDateTime>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    role: Option<String>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    unread: i64,
}

/// A session's data (JSON) and the person it names, with their unread count.
pub type SessionOf = (String, Option<(UserView, i64)>);

/// The data of the session `session_id` and the person it names with their unread count, in one
/// statement (one trip to the database before every page a signed-in person opens; on
/// PostgreSQL a trip costs about as much as reading the rows). `None`: no such session, or it
/// has expired. The person is `None` for a session without a sign-in, or whose account is gone.
pub fn by_session(conn: &mut DbConn, session_id: &str) -> AppResult<Option<SessionOf>> {
    let mut sql = crate::db::sql::Sql::new(conn.backend());
    sql.push(
        "SELECT s.data, u.id AS uid, u.email, u.display_name, u.email_verified_at, u.directorate_id, \
         u.blocked_until, r.role, \
         (SELECT count(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread \
         FROM sessions s LEFT JOIN users u ON u.id = s.user_id LEFT JOIN user_roles r ON r.user_id = u.id \
         WHERE s.id = ",
    )
    .text(session_id)
    .push(" AND s.expires_at > ")
    .bind(crate::db::sql::Bind::Time(crate::db::time::now()));
    let rows: Vec<SessionRow> = sql.load(conn)?;
    let Some(first) = rows.first() else { return Ok(None) };
    let people: Vec<PersonRow> = rows
        .iter()
        .filter_map(|r| {
            Some((
                r.uid?,
                r.email.clone()?,
                r.display_name.clone()?,
                r.email_verified_at,
                r.directorate_id,
                r.blocked_until,
                r.role.clone(),
                r.unread,
            ))
        })
        .collect();
    Ok(Some((first.data.clone(), person_of(&people))))
}

/// Registers a citizen. Every rule is checked before anything is written; a taken e-mail
/// (also when two registrations race) is a 409 with `email: taken`. The address is not yet
/// confirmed: a one-time link goes to it (through the mail queue, in the same transaction), and
/// no notification e-mail goes to it until the link is opened. The account works at once.
pub async fn register(pool: &Pool, input: NewAccount) -> AppResult<UserView> {
    accounts::validate_new_account(&input).into_result()?;
    let hash = hash_password_async(input.password.clone()).await?;
    db::tx(pool, move |c| {
        let user = insert_user(c, &input, &hash, &[Role::Citizen], false)?;
        super::verification::start(c, user.id)?;
        Ok(user)
    })
    .await
}

/// Inserts a user with the given roles (the password already hashed), its address counted as
/// confirmed: the command line, the demo data and the tests make accounts for addresses someone
/// vouches for. `register` makes unconfirmed ones.
pub fn create_user(conn: &mut DbConn, input: &NewAccount, hash: &str, roles: &[Role]) -> AppResult<UserView> {
    insert_user(conn, input, hash, roles, true)
}

fn insert_user(
    conn: &mut DbConn,
    input: &NewAccount,
    hash: &str,
    roles: &[Role],
    confirmed: bool,
) -> AppResult<UserView> {
    let normalized = accounts::normalize_email(&input.email);
    if model::by_email(conn, &normalized)?.is_some() {
        return Err(taken());
    }
    let now = crate::db::time::now();
    let id = model::insert(
        conn,
        &NewUserRow {
            email: input.email.trim(),
            email_normalized: &normalized,
            display_name: input.display_name.trim(),
            password_hash: hash,
            created_at: now,
            updated_at: now,
            email_verified_at: confirmed.then_some(now),
        },
    )
    .map_err(|e| match e {
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => taken(),
        other => other.into(),
    })?;
    for role in roles {
        model::grant(conn, id, *role)?;
    }
    user_view(conn, id)
}

fn taken() -> AppError {
    AppError::Conflict { fields: FieldErrors::single("email", Problem::Taken) }
}

/// Checks e-mail and password. A wrong e-mail costs the same argon2 work as a wrong password,
/// and both give the same error, so neither timing nor wording tells who has an account.
pub async fn authenticate(pool: &Pool, email: &str, password: &str) -> AppResult<UserView> {
    let mut missing = FieldErrors::new();
    if email.trim().is_empty() {
        missing.add("email", Problem::Required);
    }
    if password.is_empty() {
        missing.add("password", Problem::Required);
    }
    missing.into_result()?;
    let normalized = accounts::normalize_email(email);
    let row = db::read(pool, move |c| Ok(model::by_email(c, &normalized)?)).await?;
    let stored = row.as_ref().map(|r| r.password_hash.clone()).unwrap_or_else(|| dummy_hash().to_owned());
    let password = password.to_owned();
    let ok = verify_password_async(Priority::SignIn, password, stored).await?;
    match row {
        Some(row) if ok => db::tx(pool, move |c| view(c, &row)).await,
        _ => Err(AppError::InvalidCredentials),
    }
}

/// Changes the signed-in user's password after checking the current one, and ends every other
/// session of the person (a thief's among them); `this_session` (the one asking) stays.
pub async fn change_password(
    pool: &Pool,
    actor: &Actor,
    current: &str,
    new: &str,
    this_session: Option<String>,
) -> AppResult<()> {
    let id = actor.require_user()?;
    let row = db::read(pool, move |c| Ok(model::by_id(c, id)?)).await?;
    let mut errors = FieldErrors::new();
    if current.is_empty() {
        errors.add("current_password", Problem::Required);
    }
    accounts::check_password(new, &row.email, &mut errors, "new_password");
    errors.into_result()?;
    let (current, stored) = (current.to_owned(), row.password_hash.clone());
    let ok = verify_password_async(Priority::Other, current, stored).await?;
    if !ok {
        return Err(AppError::Validation { fields: FieldErrors::single("current_password", Problem::Wrong) });
    }
    let hash = hash_password_async(new.to_owned()).await?;
    let by = actor.clone();
    db::tx(pool, move |c| {
        model::set_password_hash(c, id, &hash)?;
        use crate::db::schema::sessions;
        use diesel::prelude::*;
        let others =
            sessions::table.filter(sessions::user_id.eq(id)).filter(sessions::id.ne(this_session.unwrap_or_default()));
        let ended = diesel::delete(others).execute(c)?;
        audit::record(c, &by, "password_changed", &format!("user:{id}"), &format!("ended {ended} other sessions"))?;
        Ok(())
    })
    .await
}

/// Sets exactly the roles a user holds (admin only). Each grant and revoke is audited. An admin
/// cannot take away their own admin role, so the platform is never left without one by mistake.
pub fn set_roles(conn: &mut DbConn, actor: &Actor, user_id: i64, wanted: &[Role]) -> AppResult<UserView> {
    let admin_id = actor.require(Role::Admin)?;
    model::by_id(conn, user_id)?;
    if admin_id == user_id && !wanted.contains(&Role::Admin) {
        return Err(AppError::Validation { fields: FieldErrors::single("roles", Problem::OwnAdmin) });
    }
    let held = model::roles_of(conn, user_id)?;
    for role in Role::ALL {
        let subject = format!("user:{user_id}");
        if wanted.contains(&role) && !held.contains(&role) {
            model::grant(conn, user_id, role)?;
            audit::record(conn, actor, "role_granted", &subject, role.as_str())?;
        } else if !wanted.contains(&role) && held.contains(&role) {
            model::revoke(conn, user_id, role)?;
            audit::record(conn, actor, "role_revoked", &subject, role.as_str())?;
        }
    }
    user_view(conn, user_id)
}

/// An admin sets the directorate a person works in (or none); audited when it changes.
pub fn set_directorate(conn: &mut DbConn, actor: &Actor, user_id: i64, directorate: Option<i64>) -> AppResult<()> {
    use crate::db::schema::{directorates, users};
    use diesel::prelude::*;
    actor.require(Role::Admin)?;
    let now: Option<i64> = users::table.find(user_id).select(users::directorate_id).first(conn)?;
    if now == directorate {
        return Ok(());
    }
    if let Some(d) = directorate {
        let known: i64 = directorates::table.filter(directorates::id.eq(d)).count().get_result(conn)?;
        if known == 0 {
            return Err(AppError::Validation { fields: FieldErrors::single("directorate_id", Problem::Invalid) });
        }
    }
    diesel::update(users::table.find(user_id)).set(users::directorate_id.eq(directorate)).execute(conn)?;
    let detail = directorate.map_or_else(|| "none".to_owned(), |d| format!("directorate:{d}"));
    audit::record(conn, actor, "directorate_set", &format!("user:{user_id}"), &detail)?;
    Ok(())
}

/// Grants or revokes one role by e-mail, from the command line (no actor: the audit log says
/// `cli`). Returns whether anything changed.
pub fn grant_role_cli(conn: &mut DbConn, email: &str, role: Role, revoke: bool) -> AppResult<bool> {
    let row = model::by_email(conn, &accounts::normalize_email(email))?.ok_or(AppError::NotFound)?;
    let changed = if revoke { model::revoke(conn, row.id, role)? } else { model::grant(conn, row.id, role)? };
    if changed {
        let action = if revoke { "role_revoked" } else { "role_granted" };
        audit::record(
            conn,
            &Actor::Anonymous,
            action,
            &format!("user:{}", row.id),
            &format!("{} (cli)", role.as_str()),
        )?;
    }
    Ok(changed)
}

/// Creates an admin, or makes an existing account admin and sets its password (the command line's
/// `create-admin`). Returns the user and whether the account was new.
pub async fn create_admin(pool: &Pool, email: &str, password: &str, display_name: &str) -> AppResult<(UserView, bool)> {
    let input = NewAccount { display_name: display_name.into(), email: email.into(), password: password.into() };
    accounts::validate_new_account(&input).into_result()?;
    let hash = hash_password_async(password.to_owned()).await?;
    db::tx(pool, move |c| {
        let normalized = accounts::normalize_email(&input.email);
        let (user, created) = match model::by_email(c, &normalized)? {
            Some(row) => {
                model::set_password_hash(c, row.id, &hash)?;
                model::grant(c, row.id, Role::Citizen)?;
                model::grant(c, row.id, Role::Admin)?;
                (user_view(c, row.id)?, false)
            }
            None => (create_user(c, &input, &hash, &[Role::Citizen, Role::Admin])?, true),
        };
        audit::record(
            c,
            &Actor::Anonymous,
            "admin_created",
            &format!("user:{}", user.id),
            if created { "new (cli)" } else { "existing (cli)" },
        )?;
        Ok((user, created))
    })
    .await
}

/// Users whose name or e-mail contains `q` (admin only).
pub fn search_users(conn: &mut DbConn, actor: &Actor, q: &str, limit: i64) -> AppResult<Vec<UserView>> {
    actor.require(Role::Admin)?;
    let needle = q.trim().to_lowercase();
    let rows = model::search(conn, &needle, limit)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut roles = model::roles_of_many(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| UserView {
            roles: roles.remove(&r.id).unwrap_or_default(),
            id: r.id,
            email: r.email,
            display_name: r.display_name,
            email_verified: r.email_verified_at.is_some(),
            directorate_id: r.directorate_id,
            blocked_until: block_end(r.blocked_until),
        })
        .collect())
}
