//! (ssr) The mail outbox: a durable queue of e-mails in the database (`mail_outbox`). Rows are
//! written by `enqueue` (or by `service::notify_followers` in bulk) inside the transaction of
//! whatever they tell about, so a crash loses none. The mailer's workers take them with `claim`,
//! which leases due rows to one worker (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: the
//! `BEGIN IMMEDIATE` of `db::tx`), and report back with `mark_sent` / `mark_failed`, which only
//! count while that worker's lease holds. Together: each message is sent once by one of several
//! servers, a failed one is retried with backoff (`after_failure`) for at least 48 hours, and a
//! message is never dropped silently: it ends `sent`, or `failed` on the admin page
//! (`for_admin`), from where `resend` puts it back in the queue. The transport and the loop live
//! in `mailer.rs`.
//!
//! Time is always a parameter (`now`), never the database's clock: the worker passes its own, so
//! the tests can step through hours of backoff without waiting.
use super::{MailView, MailViewFilter};
use crate::auth::Actor;
use crate::db::schema::{mail_outbox, notifications};
use crate::db::sql::{Bind, Sql};
use crate::db::{Backend, DbConn};
use crate::domain::roles::Role;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};
use time::{Duration, PrimitiveDateTime};

/// How long a claimed message belongs to its worker. Longer than one send may take
/// (`mailer::SEND_TIMEOUT`) plus a margin, so a message is never in two workers' hands at once;
/// when a worker dies, its messages go to another one after this long.
pub const LEASE: Duration = Duration::minutes(2);
/// The first retry waits this long; each further one twice as long as the one before…
pub const FIRST_RETRY: Duration = Duration::seconds(30);
/// …up to this.
pub const MAX_RETRY: Duration = Duration::hours(1);
/// How long a message is tried before it is `failed` (counted from when it was written, or
/// from an admin's resend). The promise is "at least 24 hours"; 48 covers a long weekend outage
/// of the mail server better.
pub const RETRY_WINDOW: Duration = Duration::hours(48);
/// A pending message counts as stuck for the admin page when its attempt is this late…
pub const STUCK_LATE: Duration = Duration::minutes(15);
/// …or when it has failed this many times.
pub const STUCK_ATTEMPTS: i64 = 3;
/// Sent messages (addresses and texts are personal data) are kept this long, then deleted.
pub const SENT_KEPT: Duration = Duration::days(30);
/// The admin lists show at most this many messages of each kind, oldest first.
pub const ADMIN_LIST_MAX: i64 = super::ADMIN_MAIL_LIST_MAX;
/// Stored error texts are cut to this many characters.
const ERROR_MAX: usize = 500;

/// What follows a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Try again at this time.
    At(PrimitiveDateTime),
    /// The retry window is over: the message is `failed` and waits for an admin.
    GiveUp,
}

/// The wait after the `attempts`-th failed attempt (1 = the first): 30 s, 1 min, 2 min, … doubling,
/// at most one hour.
pub fn retry_delay(attempts: i64) -> Duration {
    // 2^7 × 30 s is already past the cap; clamping the exponent keeps the shift small.
    let doublings = attempts.saturating_sub(1).clamp(0, 7) as u32;
    let delay = FIRST_RETRY * (1i32 << doublings);
    delay.min(MAX_RETRY)
}

/// After the `attempts`-th failure at `now`: when to try again, or to give up because the
/// window ended at `give_up_at` (inclusive). A message is only given up after an attempt made
/// at or past the end of its window, so every message gets the whole window.
pub fn after_failure(attempts: i64, now: PrimitiveDateTime, give_up_at: PrimitiveDateTime) -> Retry {
    if now >= give_up_at {
        Retry::GiveUp
    } else {
        Retry::At(now + retry_delay(attempts))
    }
}

/// Puts one e-mail in the queue, to be sent as soon as a worker is free. Call it inside the
/// transaction of what the e-mail is about: it is then written exactly when that is. `to` must
/// be an e-mail address (`Validation` on `to` otherwise); line breaks in `subject` become
/// spaces. `body` is plain text; `{site}` in it is replaced with the public address
/// (`--public-url`) when the message is sent, for links. Returns the message's id.
pub fn enqueue(conn: &mut DbConn, to: &str, subject: &str, body: &str, notification_id: Option<i64>) -> AppResult<i64> {
    enqueue_at(conn, to, subject, body, notification_id, crate::db::time::now())
}

/// `enqueue` at a given time (the tests' clock).
pub fn enqueue_at(
    conn: &mut DbConn,
    to: &str,
    subject: &str,
    body: &str,
    notification_id: Option<i64>,
    now: PrimitiveDateTime,
) -> AppResult<i64> {
    let to = to.trim();
    if to.parse::<lettre::message::Mailbox>().is_err() {
        return Err(AppError::Validation { fields: FieldErrors::single("to", Problem::Invalid) });
    }
    let subject: String = subject.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    Ok(diesel::insert_into(mail_outbox::table)
        .values((
            mail_outbox::recipient.eq(to),
            mail_outbox::subject.eq(subject.trim()),
            mail_outbox::body.eq(body),
            mail_outbox::notification_id.eq(notification_id),
            mail_outbox::state.eq("pending"),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(now),
            mail_outbox::give_up_at.eq(now + RETRY_WINDOW),
            mail_outbox::created_at.eq(now),
        ))
        .returning(mail_outbox::id)
        .get_result(conn)?)
}

/// A message a worker has claimed and now holds the lease of.
#[derive(Debug, Clone, PartialEq, QueryableByName)]
pub struct Claimed {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    #[diesel(sql_type = Text)]
    pub recipient: String,
    #[diesel(sql_type = Text)]
    pub subject: String,
    #[diesel(sql_type = Text)]
    pub body: String,
    /// Failed attempts so far.
    #[diesel(sql_type = BigInt)]
    pub attempts: i64,
    #[diesel(sql_type = Timestamp)]
    pub give_up_at: PrimitiveDateTime,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub notification_id: Option<i64>,
    #[diesel(sql_type = Timestamp)]
    pub created_at: PrimitiveDateTime,
}

/// Leases up to `limit` due messages (pending, `next_attempt_at <= now`, no live lease) to
/// `worker` until `now + LEASE`, oldest first. One statement: on PostgreSQL the inner select
/// locks the rows it picks and skips rows another worker's claim is locking right now, so
/// concurrent claims get disjoint sets without waiting; on SQLite the transaction of `db::tx`
/// began `IMMEDIATE`, so claims run one after the other. Run it inside `db::tx`.
pub fn claim(conn: &mut DbConn, worker: &str, now: PrimitiveDateTime, limit: i64) -> AppResult<Vec<Claimed>> {
    let mut sql = Sql::new(conn.backend());
    sql.push("UPDATE mail_outbox SET leased_until = ")
        .bind(Bind::Time(now + LEASE))
        .push(", leased_by = ")
        .text(worker)
        .push(" WHERE id IN (SELECT id FROM mail_outbox WHERE state = 'pending' AND next_attempt_at <= ")
        .bind(Bind::Time(now))
        .push(" AND (leased_until IS NULL OR leased_until < ")
        .bind(Bind::Time(now))
        .push(") ORDER BY id LIMIT ")
        .int(limit.max(0));
    if sql.backend() == Backend::Postgres {
        sql.push(" FOR UPDATE SKIP LOCKED");
    }
    sql.push(") RETURNING id, recipient, subject, body, attempts, give_up_at, notification_id, created_at");
    let mut claimed: Vec<Claimed> = sql.load(conn)?;
    // RETURNING promises no order.
    claimed.sort_by_key(|c| c.id);
    Ok(claimed)
}

/// Marks a claimed message sent, if `worker` still holds it. `false`: the lease was lost (it
/// ran out and another worker took the message), so that worker reports instead.
pub fn mark_sent(conn: &mut DbConn, worker: &str, id: i64, now: PrimitiveDateTime) -> AppResult<bool> {
    let row =
        mail_outbox::table.find(id).filter(mail_outbox::leased_by.eq(worker)).filter(mail_outbox::state.eq("pending"));
    let notification: Option<Option<i64>> = diesel::update(row)
        .set((
            mail_outbox::state.eq("sent"),
            mail_outbox::sent_at.eq(Some(now)),
            mail_outbox::leased_until.eq(None::<PrimitiveDateTime>),
            mail_outbox::leased_by.eq(None::<String>),
        ))
        .returning(mail_outbox::notification_id)
        .get_result(conn)
        .optional()?;
    let Some(notification) = notification else { return Ok(false) };
    if let Some(n) = notification {
        diesel::update(notifications::table.find(n)).set(notifications::email_state.eq("sent")).execute(conn)?;
    }
    Ok(true)
}

/// Records a failed attempt of a claimed message, if `worker` still holds it: it is due again
/// after the backoff, or `failed` when its window is over or the failure is `permanent` (the
/// message cannot be built, so no retry can help). `None`: the lease was lost.
pub fn mark_failed(
    conn: &mut DbConn,
    worker: &str,
    message: &Claimed,
    error: &str,
    permanent: bool,
    now: PrimitiveDateTime,
) -> AppResult<Option<Retry>> {
    let attempts = message.attempts + 1;
    let retry = if permanent { Retry::GiveUp } else { after_failure(attempts, now, message.give_up_at) };
    let (state, next) = match retry {
        Retry::At(at) => ("pending", at),
        Retry::GiveUp => ("failed", now),
    };
    let error: String = error.chars().take(ERROR_MAX).collect();
    let row = mail_outbox::table
        .find(message.id)
        .filter(mail_outbox::leased_by.eq(worker))
        .filter(mail_outbox::state.eq("pending"));
    let n = diesel::update(row)
        .set((
            mail_outbox::state.eq(state),
            mail_outbox::attempts.eq(attempts),
            mail_outbox::next_attempt_at.eq(next),
            mail_outbox::last_error.eq(Some(error)),
            mail_outbox::leased_until.eq(None::<PrimitiveDateTime>),
            mail_outbox::leased_by.eq(None::<String>),
        ))
        .execute(conn)?;
    if n == 0 {
        return Ok(None);
    }
    if let (Retry::GiveUp, Some(notification)) = (retry, message.notification_id) {
        diesel::update(notifications::table.find(notification))
            .set(notifications::email_state.eq("failed"))
            .execute(conn)?;
    }
    Ok(Some(retry))
}

/// Gives claimed messages back unsent (a worker that ran short of lease time): due at once for
/// the next claim, with no attempt counted.
pub fn release(conn: &mut DbConn, worker: &str, ids: &[i64]) -> AppResult<usize> {
    let mut n = 0;
    for id in ids {
        n += diesel::update(mail_outbox::table.find(id).filter(mail_outbox::leased_by.eq(worker)))
            .set((mail_outbox::leased_until.eq(None::<PrimitiveDateTime>), mail_outbox::leased_by.eq(None::<String>)))
            .execute(conn)?;
    }
    Ok(n)
}

/// Deletes sent messages older than `SENT_KEPT`; returns how many.
pub fn purge_sent(conn: &mut DbConn, now: PrimitiveDateTime) -> AppResult<usize> {
    let before = now - SENT_KEPT;
    // A message is sent after it was due, so `next_attempt_at < before` holds for every row
    // this deletes; saying it lets the (state, next_attempt_at) index bound the scan.
    Ok(diesel::delete(
        mail_outbox::table
            .filter(mail_outbox::state.eq("sent"))
            .filter(mail_outbox::next_attempt_at.lt(before))
            .filter(mail_outbox::sent_at.lt(before)),
    )
    .execute(conn)?)
}

type Row = (
    i64,
    String,
    String,
    String,
    i64,
    Option<String>,
    PrimitiveDateTime,
    PrimitiveDateTime,
    Option<PrimitiveDateTime>,
    Option<PrimitiveDateTime>,
);

fn view(row: Row, now: PrimitiveDateTime) -> MailView {
    use crate::db::time::iso;
    let (id, recipient, subject, state, attempts, last_error, created_at, next_attempt_at, leased_until, sent_at) = row;
    MailView {
        id,
        recipient,
        subject,
        state,
        attempts,
        last_error,
        created_at: iso(created_at),
        next_attempt_at: iso(next_attempt_at),
        sending: leased_until.is_some_and(|t| t >= now),
        sent_at: sent_at.map(iso),
        age_minutes: (now - created_at).whole_minutes().max(0),
    }
}

fn select_views(
    conn: &mut DbConn,
    query: mail_outbox::BoxedQuery<'_, crate::db::MultiBackend>,
    now: PrimitiveDateTime,
) -> AppResult<Vec<MailView>> {
    let rows: Vec<Row> = query
        .order(mail_outbox::id)
        .limit(ADMIN_LIST_MAX)
        .select((
            mail_outbox::id,
            mail_outbox::recipient,
            mail_outbox::subject,
            mail_outbox::state,
            mail_outbox::attempts,
            mail_outbox::last_error,
            mail_outbox::created_at,
            mail_outbox::next_attempt_at,
            mail_outbox::leased_until,
            mail_outbox::sent_at,
        ))
        .load(conn)?;
    Ok(rows.into_iter().map(|r| view(r, now)).collect())
}

/// The messages an admin should look at (admins only): `Stuck` = pending and either more than
/// `STUCK_LATE` past their attempt time or failed `STUCK_ATTEMPTS` times or more; `Failed` = the
/// retry window ended. Oldest first, at most `ADMIN_LIST_MAX`.
pub fn for_admin(
    conn: &mut DbConn,
    actor: &Actor,
    filter: MailViewFilter,
    now: PrimitiveDateTime,
) -> AppResult<Vec<MailView>> {
    actor.require(Role::Admin)?;
    let query = match filter {
        MailViewFilter::Failed => mail_outbox::table.filter(mail_outbox::state.eq("failed")).into_boxed(),
        MailViewFilter::Stuck => mail_outbox::table
            .filter(mail_outbox::state.eq("pending"))
            .filter(mail_outbox::next_attempt_at.lt(now - STUCK_LATE).or(mail_outbox::attempts.ge(STUCK_ATTEMPTS)))
            .into_boxed(),
    };
    select_views(conn, query, now)
}

/// Puts a pending or failed message back in the queue at once, with a fresh retry window and
/// its attempts counted from zero (admins only; audited as `mail_resent`). A message a worker is
/// sending right now, or one already sent, is a `Conflict` on `state` (`sending`,
/// `already_sent`): resending those could send them twice.
pub fn resend(conn: &mut DbConn, actor: &Actor, id: i64, now: PrimitiveDateTime) -> AppResult<MailView> {
    actor.require(Role::Admin)?;
    let (state, leased_until, notification): (String, Option<PrimitiveDateTime>, Option<i64>) = mail_outbox::table
        .find(id)
        .select((mail_outbox::state, mail_outbox::leased_until, mail_outbox::notification_id))
        .first(conn)?;
    let conflict = |code: Problem| AppError::Conflict { fields: FieldErrors::single("state", code) };
    if state == "sent" {
        return Err(conflict(Problem::AlreadySent));
    }
    // Only a row with no live lease: the worker holding one may be talking to the server now.
    let free = mail_outbox::leased_until.is_null().or(mail_outbox::leased_until.lt(now));
    let n = diesel::update(mail_outbox::table.find(id).filter(mail_outbox::state.ne("sent")).filter(free))
        .set((
            mail_outbox::state.eq("pending"),
            mail_outbox::attempts.eq(0),
            mail_outbox::next_attempt_at.eq(now),
            mail_outbox::give_up_at.eq(now + RETRY_WINDOW),
            mail_outbox::leased_until.eq(None::<PrimitiveDateTime>),
            mail_outbox::leased_by.eq(None::<String>),
        ))
        .execute(conn)?;
    if n == 0 {
        let sending = leased_until.is_some_and(|t| t >= now);
        return Err(conflict(if sending { Problem::Sending } else { Problem::AlreadySent }));
    }
    if let Some(notification) = notification {
        diesel::update(notifications::table.find(notification))
            .set(notifications::email_state.eq("queued"))
            .execute(conn)?;
    }
    crate::audit::service::record(conn, actor, "mail_resent", &format!("mail:{id}"), "")?;
    one(conn, id, now)
}

/// One message as the admin page shows it.
pub fn one(conn: &mut DbConn, id: i64, now: PrimitiveDateTime) -> AppResult<MailView> {
    let mut found = select_views(conn, mail_outbox::table.filter(mail_outbox::id.eq(id)).into_boxed(), now)?;
    found.pop().ok_or(AppError::NotFound)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64, m: i64, s: i64) -> PrimitiveDateTime {
        let start = PrimitiveDateTime::new(
            time::Date::from_calendar_date(2026, time::Month::December, 1).unwrap_or(time::Date::MIN),
            time::Time::MIDNIGHT,
        );
        start + Duration::hours(h) + Duration::minutes(m) + Duration::seconds(s)
    }

    #[test]
    fn backoff_doubles_from_thirty_seconds_to_an_hour() {
        let delays: Vec<i64> = (1..=10).map(|n| retry_delay(n).whole_seconds()).collect();
        assert_eq!(delays, vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
        assert_eq!(retry_delay(0), FIRST_RETRY, "no attempt yet waits like the first");
        assert_eq!(retry_delay(i64::MAX), MAX_RETRY, "no overflow however many attempts");
    }

    #[test]
    fn a_message_is_retried_for_the_whole_window_then_given_up() {
        let created = at(0, 0, 0);
        let give_up = created + RETRY_WINDOW;
        assert_eq!(after_failure(1, created, give_up), Retry::At(at(0, 0, 30)));
        // Failing at every attempt: count the attempts and the time until it is given up.
        let (mut now, mut attempts) = (created, 0);
        loop {
            attempts += 1;
            match after_failure(attempts, now, give_up) {
                Retry::At(next) => {
                    assert!(next > now && next - now <= MAX_RETRY);
                    now = next;
                }
                Retry::GiveUp => break,
            }
        }
        assert!(now - created >= Duration::hours(24), "retried for at least 24 hours");
        assert!(now - created >= RETRY_WINDOW && now - created <= RETRY_WINDOW + MAX_RETRY);
        // 30 s + 1 + 2 + 4 + 8 + 16 + 32 min (≈ 63.5 min), then one an hour until 48 h.
        assert_eq!(attempts, 55, "attempts in 48 hours");
    }
}
