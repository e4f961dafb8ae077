//! (ssr) Writing and reading notifications. Writing one also writes its e-mail into the mail
//! outbox, in the same transaction, for each follower whose settings want that kind: the choice
//! is made when the event happens (a later change of settings applies to later events), so the
//! outbox holds only mail that is meant to go. `notifications.email_state` says what became of a
//! notification's e-mail: `skipped` (the settings said no), `queued` (in the outbox), then `sent`
//! or `failed` as its outbox row ends (an admin's resend makes it `queued` again). `pending` is
//! only left by the mailer before the outbox; the worker adopts such rows (`adopt_legacy`).
//! `email_attempts` is no longer used: attempts are counted in `mail_outbox`.
use super::{NotificationKind, NotificationList, NotificationView};
use crate::db::direct::Direct;
use crate::db::schema::{notifications, submissions};
use crate::db::sql::{Bind, Sql};
use crate::db::time::iso;
use crate::db::time::now;
use crate::db::DbConn;
use crate::error::AppResult;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Tells everyone following `submission_id` (the author follows their own) about an event,
/// except the person who caused it, and queues the e-mails the followers' settings ask for.
/// Three statements, however many followers.
pub fn notify_followers(
    conn: &mut DbConn,
    submission_id: i64,
    except: Option<i64>,
    kind: NotificationKind,
    detail: &str,
) -> AppResult<usize> {
    let n = notify(conn, submission_id, kind, detail, "f.user_id", |sql| {
        sql.push("FROM follows f WHERE f.submission_id = ")
            .int(submission_id)
            .push(" AND f.user_id <> ")
            .int(except.unwrap_or(0));
    })?;
    // The citizen a request was taken for follows it through the contact they gave.
    if matches!(kind, NotificationKind::Status | NotificationKind::OfficialAnswer) {
        notify_contact(conn, submission_id, Some((kind, detail)))?;
    }
    Ok(n)
}

/// Tells the citizen whose request staff recorded, at the e-mail address they gave with their
/// consent, that it was received (`event` none: with its tracking code and when a first response
/// is due) or what happened to it (a change of status, an official answer). A contact that is a
/// phone number gets nothing (no text messages here). Returns whether an e-mail was queued.
pub fn notify_contact(
    conn: &mut DbConn,
    submission_id: i64,
    event: Option<(NotificationKind, &str)>,
) -> AppResult<bool> {
    use crate::db::schema::submission_contacts as c;
    let contact: Option<(String, String, bool)> =
        c::table.find(submission_id).select((c::name, c::contact, c::consent)).first(conn).optional()?;
    let Some((name, address, true)) = contact else { return Ok(false) };
    let address = address.trim();
    if !address.contains('@') || address.parse::<lettre::message::Mailbox>().is_err() {
        return Ok(false);
    }
    let (reference, title, due): (Option<String>, String, Option<PrimitiveDateTime>) = submissions::table
        .find(submission_id)
        .select((submissions::reference, submissions::title, submissions::first_response_due_at))
        .first(conn)?;
    let due = due.map(crate::db::time::iso_istanbul);
    let (subject, body) =
        super::mailer::contact_letter(event, &reference.unwrap_or_default(), &title, name.trim(), due.as_deref());
    super::outbox::enqueue(conn, address, &subject, &body, None)?;
    Ok(true)
}

/// Tells the people `users` (committee members, not followers) about an event of a submission,
/// and queues the e-mails their settings ask for, like `notify_followers`.
pub fn notify_users(
    conn: &mut DbConn,
    submission_id: i64,
    users: &[i64],
    kind: NotificationKind,
    detail: &str,
) -> AppResult<usize> {
    if users.is_empty() {
        return Ok(0);
    }
    // Not `u`: `wants_email` reads the users table under that name itself.
    notify(conn, submission_id, kind, detail, "target.id", |sql| {
        sql.push("FROM users target WHERE target.id IN (");
        for (i, id) in users.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.int(*id);
        }
        sql.push(")");
    })
}

/// One notification for each person the `FROM …` clause written by `from` yields (`who` is
/// their id there), and the e-mails of those whose settings want them. Rows that get an e-mail
/// are marked `enqueuing`, a state that never outlives this transaction: `enqueue_marked` finds
/// them by it (another transaction's rows never carry it once committed), writes their e-mails,
/// then marks them `queued`.
fn notify(
    conn: &mut DbConn,
    submission_id: i64,
    kind: NotificationKind,
    detail: &str,
    who: &str,
    from: impl FnOnce(&mut Sql),
) -> AppResult<usize> {
    let now = now();
    let mut sql = Sql::new(conn.backend());
    sql.push("INSERT INTO notifications (user_id, submission_id, kind, detail, created_at, email_state) SELECT ")
        .push(who)
        .push(", ")
        .int(submission_id)
        .push(", ")
        .text(kind.as_str())
        .push(", ")
        .text(detail)
        .push(", ")
        .bind(Bind::Time(now))
        .push(", CASE WHEN ")
        .push(&wants_email(kind, who))
        .push(" THEN 'enqueuing' ELSE 'skipped' END ");
    from(&mut sql);
    let n = sql.execute(conn)?;
    if n > 0 {
        enqueue_marked(conn, submission_id, kind, detail, now)?;
    }
    Ok(n)
}

/// SQL that is true when the person `user_sql` wants e-mail for notifications of `kind` (all
/// kinds are on until they change their settings) and has confirmed their address. The column
/// comes from a fixed list.
fn wants_email(kind: NotificationKind, user_sql: &str) -> String {
    let column = match kind {
        NotificationKind::Comment => "email_comments",
        NotificationKind::OfficialAnswer => "email_official",
        NotificationKind::Status
        | NotificationKind::Evaluation
        | NotificationKind::Milestone
        | NotificationKind::Moderation
        | NotificationKind::Merged => "email_status",
    };
    // Only to a confirmed address: nothing goes to an address its owner has not confirmed.
    format!(
        "(COALESCE((SELECT s.{column} FROM notification_settings s WHERE s.user_id = {user_sql}), TRUE) \
         AND (SELECT u.email_verified_at FROM users u WHERE u.id = {user_sql}) IS NOT NULL)"
    )
}

/// Writes one outbox row for each notification of this event marked `enqueuing` (the same
/// words for all, with each follower's name and address), then marks them `queued`.
fn enqueue_marked(
    conn: &mut DbConn,
    submission_id: i64,
    kind: NotificationKind,
    detail: &str,
    now: PrimitiveDateTime,
) -> AppResult<usize> {
    let (reference, title): (Option<String>, String) =
        submissions::table.find(submission_id).select((submissions::reference, submissions::title)).first(conn)?;
    let letter =
        super::mailer::notification_letter(kind, detail, submission_id, &reference.unwrap_or_default(), &title);
    let mut sql = Sql::new(conn.backend());
    sql.push(
        "INSERT INTO mail_outbox (recipient, subject, body, notification_id, state, attempts, next_attempt_at, \
         give_up_at, created_at) SELECT u.email, ",
    )
    .text(letter.subject)
    .push(", ")
    .text(letter.before_name)
    .push(" || u.display_name || ")
    .text(letter.between_names)
    .push(" || u.display_name || ")
    .text(letter.after_name)
    .push(", n.id, 'pending', 0, ")
    .bind(Bind::Time(now))
    .push(", ")
    .bind(Bind::Time(now + super::outbox::RETRY_WINDOW))
    .push(", ")
    .bind(Bind::Time(now))
    .push(" FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.email_state = 'enqueuing' AND n.submission_id = ")
    .int(submission_id)
    .push(" AND n.kind = ")
    .text(kind.as_str())
    .push(" AND n.detail = ")
    .text(detail);
    let queued = sql.execute(conn)?;
    let mut mark = Sql::new(conn.backend());
    mark.push("UPDATE notifications SET email_state = 'queued' WHERE email_state = 'enqueuing' AND submission_id = ")
        .int(submission_id)
        .push(" AND kind = ")
        .text(kind.as_str())
        .push(" AND detail = ")
        .text(detail);
    mark.execute(conn)?;
    Ok(queued)
}

/// Moves notifications left `pending` by the mailer before the outbox into it, with the same
/// settings check as new ones; returns how many notifications it looked at. The rows are taken
/// with an UPDATE, so on PostgreSQL a second worker doing the same waits for the first and then
/// finds them no longer `pending`: each gets one e-mail.
pub fn adopt_legacy(conn: &mut DbConn, now: PrimitiveDateTime) -> AppResult<usize> {
    let events: Vec<(i64, String, String)> = notifications::table
        .filter(notifications::email_state.eq("pending"))
        .select((notifications::submission_id, notifications::kind, notifications::detail))
        .distinct()
        .limit(50)
        .load(conn)?;
    let mut adopted = 0;
    for (submission_id, kind, detail) in events {
        let kind = NotificationKind::stored(&kind)?;
        let mut sql = Sql::new(conn.backend());
        sql.push("UPDATE notifications SET email_state = CASE WHEN ")
            .push(&wants_email(kind, "notifications.user_id"))
            .push(" THEN 'enqueuing' ELSE 'skipped' END WHERE email_state = 'pending' AND submission_id = ")
            .int(submission_id)
            .push(" AND kind = ")
            .text(kind.as_str())
            .push(" AND detail = ")
            .text(detail.as_str());
        adopted += sql.execute(conn)?;
        enqueue_marked(conn, submission_id, kind, &detail, now)?;
    }
    Ok(adopted)
}

pub fn unread_count(conn: &mut DbConn, user: i64) -> AppResult<i64> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(user).and(notifications::read_at.is_null()))
        .count()
        .get_result_direct(conn)?)
}

/// The newest `limit` notifications of `user`, with the unread count: `unread` when the caller
/// read it moments ago with who is asking (a page), else counted here.
pub fn list(conn: &mut DbConn, user: i64, limit: i64, unread: Option<i64>) -> AppResult<NotificationList> {
    type Row = (i64, i64, Option<String>, String, String, String, PrimitiveDateTime, Option<PrimitiveDateTime>);
    let rows: Vec<Row> = notifications::table
        .inner_join(submissions::table.on(submissions::id.eq(notifications::submission_id)))
        .filter(notifications::user_id.eq(user))
        .order(notifications::id.desc())
        .limit(limit)
        .select((
            notifications::id,
            notifications::submission_id,
            submissions::reference,
            submissions::title,
            notifications::kind,
            notifications::detail,
            notifications::created_at,
            notifications::read_at,
        ))
        .load_direct(conn)?;
    let items = rows
        .into_iter()
        .map(|(id, submission_id, reference, submission_title, kind, detail, created_at, read_at)| {
            Ok(NotificationView {
                id,
                submission_id,
                reference: reference.unwrap_or_default(),
                submission_title,
                kind: NotificationKind::stored(&kind)?,
                detail,
                created_at: iso(created_at),
                read: read_at.is_some(),
            })
        })
        .collect::<AppResult<_>>()?;
    let unread = match unread {
        Some(n) => n,
        None => unread_count(conn, user)?,
    };
    Ok(NotificationList { items, unread })
}

/// Marks every notification of `user` read.
pub fn mark_all_read(conn: &mut DbConn, user: i64) -> AppResult<usize> {
    Ok(diesel::update(
        notifications::table.filter(notifications::user_id.eq(user).and(notifications::read_at.is_null())),
    )
    .set(notifications::read_at.eq(Some(now())))
    .execute(conn)?)
}
