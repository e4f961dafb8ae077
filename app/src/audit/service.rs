//! (ssr) The audit log: staff and admin actions, append-only. Written in the same transaction
//! as the change it records, so a change is never without its entry; each entry says who
//! (the actor, none for the command line), when, what, on which subject, and from which address.
use super::{AuditEntry, AuditPage, AuditQuery, AUDIT_PER_PAGE};
use crate::auth::Actor;
use crate::db::schema::audit_log;
use crate::db::sql::{Count, Sql};
use crate::db::DbConn;
use crate::domain::roles::Role;
use crate::error::{AppResult, FieldErrors, Problem};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamp};

/// Records one action by `by` (`Actor::Anonymous` for the command line).
pub fn record(conn: &mut DbConn, by: &Actor, action: &str, subject: &str, detail: &str) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::at.eq(crate::db::time::now()),
            audit_log::actor_id.eq(by.user_id()),
            audit_log::action.eq(action),
            audit_log::subject.eq(subject),
            audit_log::detail.eq(detail),
            audit_log::addr.eq(by.addr()),
        ))
        .execute(conn)?;
    Ok(())
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Timestamp)]
    at: time::PrimitiveDateTime,
    #[diesel(sql_type = Nullable<BigInt>)]
    actor_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    actor_name: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    actor_email: Option<String>,
    #[diesel(sql_type = Text)]
    action: String,
    #[diesel(sql_type = Text)]
    subject: String,
    #[diesel(sql_type = Text)]
    detail: String,
    #[diesel(sql_type = Nullable<Text>)]
    addr: Option<String>,
}

/// A `YYYY-MM-DD` day as the start of that day (UTC), or the field's problem.
fn day(field: &str, v: &Option<String>, errors: &mut FieldErrors) -> Option<time::PrimitiveDateTime> {
    let v = v.as_deref().map(str::trim).filter(|s| !s.is_empty())?;
    let format = time::macros::format_description!("[year]-[month]-[day]");
    match time::Date::parse(v, &format) {
        Ok(d) => Some(d.midnight()),
        Err(_) => {
            errors.add(field, Problem::Invalid);
            None
        }
    }
}

/// One page of the audit log, newest first, for an administrator. Filters: action (exact),
/// actor (e-mail, case-insensitive), subject (prefix: `submission:12`), from/to (days, inclusive).
pub fn list(conn: &mut DbConn, actor: &Actor, q: &AuditQuery) -> AppResult<AuditPage> {
    actor.require(Role::Admin)?;
    let mut errors = FieldErrors::new();
    let from = day("from", &q.from, &mut errors);
    let to = day("to", &q.to, &mut errors).map(|t| t + time::Duration::days(1));
    let page = q.page.unwrap_or(1);
    if !(1..=10_000).contains(&page) {
        errors.add("page", Problem::OutOfRange);
    }
    errors.into_result()?;
    let backend = conn.backend();
    let filters = |sql: &mut Sql| {
        sql.push(" FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id WHERE 1 = 1");
        if let Some(action) = q.action.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            sql.push(" AND a.action = ").text(action);
        }
        if let Some(email) = q.actor.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            sql.push(" AND u.email_normalized = ").text(crate::domain::accounts::normalize_email(email));
        }
        if let Some(subject) = q.subject.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            // A prefix: `submission:1` also matches `submission:12`, so an exact subject is asked
            // for with the separator-free id as typed; escape LIKE's wildcards.
            let escaped = subject.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
            sql.push(" AND a.subject LIKE ").text(format!("{escaped}%")).push(" ESCAPE '\\'");
        }
        if let Some(from) = from {
            sql.push(" AND a.at >= ").bind(crate::db::sql::Bind::Time(from));
        }
        if let Some(to) = to {
            sql.push(" AND a.at < ").bind(crate::db::sql::Bind::Time(to));
        }
    };
    let mut count = Sql::new(backend);
    count.push("SELECT count(*) AS n");
    filters(&mut count);
    let total = count.load::<Count>(conn)?.first().map_or(0, |c| c.n);
    let mut sql = Sql::new(backend);
    sql.push(
        "SELECT a.id, a.at, a.actor_id, u.display_name AS actor_name, u.email AS actor_email, a.action, a.subject, \
         a.detail, a.addr",
    );
    filters(&mut sql);
    sql.push(" ORDER BY a.id DESC LIMIT ").int(AUDIT_PER_PAGE).push(" OFFSET ").int((page - 1) * AUDIT_PER_PAGE);
    let rows: Vec<Row> = sql.load(conn)?;
    let items = rows
        .into_iter()
        .map(|r| AuditEntry {
            id: r.id,
            at: crate::db::time::iso(r.at),
            actor_id: r.actor_id,
            actor_name: r.actor_name,
            actor_email: r.actor_email,
            action: r.action,
            subject: r.subject,
            detail: r.detail,
            addr: r.addr,
        })
        .collect();
    Ok(AuditPage { items, total, page, per_page: AUDIT_PER_PAGE })
}
