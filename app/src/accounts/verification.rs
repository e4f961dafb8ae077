//! (ssr) Confirming an e-mail address. Registration sends a one-time link
//! (`/verify-email/<secret>`, 32 random bytes, valid for 7 days) through the mail queue; only a
//! SHA-256 hash of the secret is stored. Opening the link marks the address confirmed, if it is
//! still the account's address. Until then no notification e-mail goes to the address; the
//! account signs in and takes part as usual. The person can ask for a new link from the account
//! page (the old ones stop working).
use crate::auth::secret::{hash, new_secret};
use crate::auth::Actor;
use crate::db::schema::{email_verifications, users};
use crate::db::DbConn;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use diesel::prelude::*;

const VALID_FOR: time::Duration = time::Duration::days(7);

/// Makes a new link for the account's current address (older links stop working) and queues
/// the e-mail that carries it. Nothing when the address is already confirmed.
pub fn start(conn: &mut DbConn, user_id: i64) -> AppResult<()> {
    let (email, name, verified): (String, String, Option<time::PrimitiveDateTime>) =
        users::table.find(user_id).select((users::email, users::display_name, users::email_verified_at)).first(conn)?;
    if verified.is_some() {
        return Ok(());
    }
    diesel::delete(email_verifications::table.filter(email_verifications::user_id.eq(user_id))).execute(conn)?;
    let secret = new_secret();
    let now = crate::db::time::now();
    diesel::insert_into(email_verifications::table)
        .values((
            email_verifications::token_hash.eq(hash(&secret)),
            email_verifications::user_id.eq(user_id),
            email_verifications::email.eq(&email),
            email_verifications::created_at.eq(now),
            email_verifications::expires_at.eq(now + VALID_FOR),
        ))
        .execute(conn)?;
    let subject = "E-posta adresinizi doğrulayın / Confirm your e-mail address";
    let body = format!(
        "Merhaba {name},\n\nİnegöl'ün Fikri'ne hoş geldiniz. Bildirimleri e-postayla alabilmek için adresinizi \
         doğrulayın (bağlantı 7 gün geçerlidir):\n\n{{site}}/verify-email/{secret}\n\nBu hesabı siz açmadıysanız bu \
         e-postayı dikkate almayın.\n\n---\n\nHello {name},\n\nWelcome to İnegöl'ün Fikri. To receive notifications \
         by e-mail, confirm your address (the link works for 7 days):\n\n{{site}}/verify-email/{secret}\n\nIf you did \
         not open this account, ignore this e-mail.\n"
    );
    crate::notifications::outbox::enqueue(conn, &email, subject, &body, None)?;
    Ok(())
}

/// A new link for the signed-in person (from the account page).
pub fn resend(conn: &mut DbConn, actor: &Actor) -> AppResult<()> {
    let me = actor.require_user()?;
    let verified: Option<time::PrimitiveDateTime> =
        users::table.find(me).select(users::email_verified_at).first(conn)?;
    if verified.is_some() {
        return Err(AppError::Conflict { fields: FieldErrors::single("email", Problem::AlreadyVerified) });
    }
    start(conn, me)
}

/// Opens a link: the account whose address it confirmed. `NotFound` for an unknown, used or
/// expired link, or one sent to an address the account no longer has.
pub fn confirm(conn: &mut DbConn, secret: &str) -> AppResult<i64> {
    if secret.is_empty() || secret.len() > 100 {
        return Err(AppError::NotFound);
    }
    let row: Option<(i64, String, time::PrimitiveDateTime)> = email_verifications::table
        .find(hash(secret))
        .select((email_verifications::user_id, email_verifications::email, email_verifications::expires_at))
        .first(conn)
        .optional()?;
    let (user_id, email, expires_at) = row.ok_or(AppError::NotFound)?;
    let now = crate::db::time::now();
    diesel::delete(email_verifications::table.find(hash(secret))).execute(conn)?;
    let current: String = users::table.find(user_id).select(users::email).first(conn)?;
    if expires_at < now || current != email {
        return Err(AppError::NotFound);
    }
    diesel::update(users::table.find(user_id)).set(users::email_verified_at.eq(Some(now))).execute(conn)?;
    Ok(user_id)
}
