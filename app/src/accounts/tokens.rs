//! (ssr) Personal API tokens. A program acting for a person (a muhtar's tablet, a newsroom's
//! script) sends `Authorization: Bearer <secret>` instead of a session cookie: no cookie means no
//! ambient credential a hostile page could borrow, so such requests need no `Origin`. The secret
//! is `fkr_` and 32 random bytes; only its SHA-256 hash is stored, so a copy of the database holds
//! no usable token. Tokens are made and revoked by the person, signed in with a session (a token
//! cannot make more tokens); each use updates `last_used_at` at most once a minute.
use super::TokenView;
use crate::auth::secret::{hash, new_secret};
use crate::auth::Actor;
use crate::db::schema::api_tokens;
use crate::db::time::iso;
use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use diesel::prelude::*;

/// Active tokens one person may hold.
pub const MAX_TOKENS: i64 = 10;
const NAME_MAX: usize = 120;

type Row = (i64, String, String, time::PrimitiveDateTime, Option<time::PrimitiveDateTime>);

fn view((id, name, prefix, created_at, last_used_at): Row) -> TokenView {
    TokenView { id, name, prefix, created_at: iso(created_at), last_used_at: last_used_at.map(iso) }
}

/// The columns of a `Row`.
type Columns = (api_tokens::id, api_tokens::name, api_tokens::prefix, api_tokens::created_at, api_tokens::last_used_at);

/// What the account page shows of the person `user_id`: their e-mail settings and their active
/// tokens, newest first, in one statement (a row per token, each with the settings).
pub fn with_settings(
    conn: &mut DbConn,
    user_id: i64,
) -> AppResult<(crate::notifications::NotificationSettings, Vec<TokenView>)> {
    use crate::db::schema::{notification_settings as ns, users};
    type Found = (Option<(bool, bool, bool)>, Option<Row>);
    let rows: Vec<Found> = users::table
        .left_join(ns::table.on(ns::user_id.eq(users::id)))
        .left_join(api_tokens::table.on(api_tokens::user_id.eq(users::id).and(api_tokens::revoked_at.is_null())))
        .filter(users::id.eq(user_id))
        .order(api_tokens::id.desc())
        .select(((ns::email_comments, ns::email_official, ns::email_status).nullable(), Columns::default().nullable()))
        .load(conn)?;
    let settings = crate::notifications::mailer::settings_from(rows.first().and_then(|r| r.0));
    Ok((settings, rows.into_iter().filter_map(|(_, token)| token).map(view).collect()))
}

/// The person's active tokens, newest first.
pub fn list(conn: &mut DbConn, user_id: i64) -> AppResult<Vec<TokenView>> {
    let rows: Vec<Row> = api_tokens::table
        .filter(api_tokens::user_id.eq(user_id).and(api_tokens::revoked_at.is_null()))
        .order(api_tokens::id.desc())
        .select(Columns::default())
        .load(conn)?;
    Ok(rows.into_iter().map(view).collect())
}

/// Makes a token called `name` for the signed-in person; returns it with its secret.
pub fn create(conn: &mut DbConn, actor: &Actor, name: &str) -> AppResult<(TokenView, String)> {
    let me = actor.require_user()?;
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::Validation { fields: FieldErrors::single("name", Problem::Required) });
    }
    if name.chars().count() > NAME_MAX {
        return Err(AppError::Validation { fields: FieldErrors::single("name", Problem::TooLong) });
    }
    let active: i64 = api_tokens::table
        .filter(api_tokens::user_id.eq(me).and(api_tokens::revoked_at.is_null()))
        .count()
        .get_result(conn)?;
    if active >= MAX_TOKENS {
        return Err(AppError::Conflict { fields: FieldErrors::single("name", Problem::TooManyTokens) });
    }
    let secret = format!("fkr_{}", new_secret());
    let prefix: String = secret.chars().take(10).collect();
    let at = crate::db::time::now();
    let id: i64 = diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::user_id.eq(me),
            api_tokens::name.eq(name),
            api_tokens::prefix.eq(&prefix),
            api_tokens::secret_hash.eq(hash(&secret)),
            api_tokens::created_at.eq(at),
        ))
        .returning(api_tokens::id)
        .get_result(conn)?;
    crate::audit::service::record(conn, actor, "token_created", &format!("user:{me}"), &format!("{prefix}… {name}"))?;
    Ok((view((id, name.to_owned(), prefix, at, None)), secret))
}

/// Revokes one of the signed-in person's tokens (`NotFound` for anyone else's).
pub fn revoke(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<()> {
    let me = actor.require_user()?;
    let n = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(id).and(api_tokens::user_id.eq(me)).and(api_tokens::revoked_at.is_null())),
    )
    .set(api_tokens::revoked_at.eq(crate::db::time::now()))
    .execute(conn)?;
    if n == 0 {
        return Err(AppError::NotFound);
    }
    crate::audit::service::record(conn, actor, "token_revoked", &format!("user:{me}"), &format!("token:{id}"))?;
    Ok(())
}

/// The token a bearer secret names: (token id, account, whether its use should be recorded now:
/// at most once a minute, so most requests only read). `Unauthenticated` for an unknown or
/// revoked secret.
pub fn find(conn: &mut DbConn, secret: &str) -> AppResult<(i64, i64, bool)> {
    if !secret.starts_with("fkr_") || secret.len() > 100 {
        return Err(AppError::Unauthenticated);
    }
    let found: Option<(i64, i64, Option<time::PrimitiveDateTime>)> = api_tokens::table
        .filter(api_tokens::secret_hash.eq(hash(secret)).and(api_tokens::revoked_at.is_null()))
        .select((api_tokens::id, api_tokens::user_id, api_tokens::last_used_at))
        .first(conn)
        .optional()?;
    let (id, user, last) = found.ok_or(AppError::Unauthenticated)?;
    let stale = last.is_none_or(|t| crate::db::time::now() - t > time::Duration::minutes(1));
    Ok((id, user, stale))
}

/// Records a use of token `id` (its `last_used_at`).
pub fn touch(conn: &mut DbConn, id: i64) -> AppResult<()> {
    diesel::update(api_tokens::table.find(id))
        .set(api_tokens::last_used_at.eq(crate::db::time::now()))
        .execute(conn)?;
    Ok(())
}
