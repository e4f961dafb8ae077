//! (ssr) Writing and reading notifications.
use super::{NotificationList, NotificationView};
use crate::accounts::model::now;
use crate::db::schema::{notifications, submissions};
use crate::db::sql::{Bind, Sql};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::submissions::listing::iso;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Tells everyone following `submission_id` (the author follows their own) about an event,
/// except the person who caused it. One statement, however many followers.
pub fn notify_followers(
    conn: &mut DbConn,
    submission_id: i64,
    except: Option<i64>,
    kind: &str,
    detail: &str,
) -> AppResult<usize> {
    let mut sql = Sql::new(conn.backend());
    sql.push("INSERT INTO notifications (user_id, submission_id, kind, detail, created_at) SELECT user_id, ")
        .int(submission_id)
        .push(", ")
        .text(kind)
        .push(", ")
        .text(detail)
        .push(", ")
        .bind(Bind::Time(now()))
        .push(" FROM follows WHERE submission_id = ")
        .int(submission_id)
        .push(" AND user_id <> ")
        .int(except.unwrap_or(0));
    Ok(sql.execute(conn)?)
}

pub fn unread_count(conn: &mut DbConn, user: i64) -> AppResult<i64> {
    Ok(notifications::table
        .filter(notifications::user_id.eq(user).and(notifications::read_at.is_null()))
        .count()
        .get_result(conn)?)
}

/// The newest `limit` notifications of `user`, with the unread count.
pub fn list(conn: &mut DbConn, user: i64, limit: i64) -> AppResult<NotificationList> {
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
        .load(conn)?;
    let items = rows
        .into_iter()
        .map(|(id, submission_id, reference, submission_title, kind, detail, created_at, read_at)| NotificationView {
            id,
            submission_id,
            reference: reference.unwrap_or_default(),
            submission_title,
            kind,
            detail,
            created_at: iso(created_at),
            read: read_at.is_some(),
        })
        .collect();
    Ok(NotificationList { items, unread: unread_count(conn, user)? })
}

/// Marks every notification of `user` read.
pub fn mark_all_read(conn: &mut DbConn, user: i64) -> AppResult<usize> {
    Ok(diesel::update(
        notifications::table.filter(notifications::user_id.eq(user).and(notifications::read_at.is_null())),
    )
    .set(notifications::read_at.eq(Some(now())))
    .execute(conn)?)
}
