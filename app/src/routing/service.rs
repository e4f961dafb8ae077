//! (ssr) Routing and queues. One operation per door: `assign` is what the API and the form on
//! the submission page call.
use super::{AssignmentInput, Queue, QueueEntry, QueueQuery};
use crate::auth::Actor;
use crate::db::schema::{directorates, submissions, user_roles, users};
use crate::db::time::{iso, now};
use crate::db::DbConn;
use crate::domain::roles::Role;
use crate::domain::submissions::{Channel, EventKind, Kind, Status, Track};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::response_times::service::{due_times, StoredDue};
use crate::submissions::service::{events, record_event, EventActor};
use crate::submissions::workflow::NOTE_MAX;
use crate::submissions::EventView;
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// Requests a queue page lists.
pub const QUEUE_PAGE: i64 = 50;

/// The service-request kinds, as stored.
fn service_kinds() -> Vec<&'static str> {
    Kind::service_requests().map(Kind::as_str).collect()
}

/// Staff route an open service request to a directorate, and to an officer of it (or to its
/// queue). A request still `received` becomes `routed`. The step is public (with its note), by
/// the staff member's role and directorate; followers hear of a change of status. Returns the
/// step.
pub fn assign(conn: &mut DbConn, actor: &Actor, id: i64, input: &AssignmentInput) -> AppResult<EventView> {
    let me = actor.require(Role::Staff)?;
    let (kind, status): (String, String) =
        submissions::table.find(id).select((submissions::kind, submissions::status)).first(conn)?;
    let (kind, from) = (Kind::stored(&kind)?, Status::stored(&status)?);
    if kind.track() != Track::ServiceRequest {
        return Err(AppError::Conflict { fields: FieldErrors::single("status", Problem::NotAServiceRequest) });
    }
    if !from.is_open() {
        return Err(AppError::Conflict { fields: FieldErrors::single("status", Problem::Closed) });
    }
    let mut errors = FieldErrors::new();
    let active: Option<bool> =
        directorates::table.find(input.directorate_id).select(directorates::active).first(conn).optional()?;
    if active != Some(true) {
        errors.add("directorate_id", Problem::Invalid);
    }
    if let Some(officer) = input.officer_id {
        let of_directorate: Option<Option<i64>> =
            users::table.find(officer).select(users::directorate_id).first(conn).optional()?;
        let staff = of_directorate.is_some() && crate::accounts::model::roles_of(conn, officer)?.contains(&Role::Staff);
        if of_directorate != Some(Some(input.directorate_id)) || !staff {
            errors.add("officer_id", Problem::NotInDirectorate);
        }
    }
    let note = input.public_note.as_deref().unwrap_or_default().trim();
    if note.chars().count() > NOTE_MAX {
        errors.add("public_note", Problem::TooLong);
    }
    errors.into_result()?;
    let to = if from == Status::Received { Status::Routed } else { from };
    diesel::update(submissions::table.find(id))
        .set((
            submissions::directorate_id.eq(input.directorate_id),
            submissions::assignee_id.eq(input.officer_id),
            submissions::status.eq(to.as_str()),
            submissions::updated_at.eq(now()),
        ))
        .execute(conn)?;
    let directorate: Option<i64> = users::table.find(me).select(users::directorate_id).first(conn)?;
    let who = EventActor { id: me, role: "staff", directorate };
    record_event(conn, id, EventKind::Assigned, (Some(from), Some(to)), Some(who), (note, ""))?;
    if to != from {
        crate::notifications::service::notify_followers(
            conn,
            id,
            Some(me),
            crate::notifications::NotificationKind::Status,
            to.as_str(),
        )?;
    }
    events(conn, id, true)?.pop().ok_or(AppError::Internal)
}

fn id_of(v: &Option<String>) -> Option<i64> {
    v.as_deref().and_then(|s| s.trim().parse::<i64>().ok()).filter(|n| *n > 0)
}

/// The open statuses of a service request, as stored.
fn open_statuses() -> Vec<&'static str> {
    Status::ALL.iter().filter(|s| s.is_open() && s.track() == Some(Track::ServiceRequest)).map(|s| s.as_str()).collect()
}

/// A directorate's queue (staff): its open service requests, oldest first, with the filters.
pub fn queue(conn: &mut DbConn, actor: &Actor, directorate: i64, q: &QueueQuery) -> AppResult<Queue> {
    let me = actor.require(Role::Staff)?;
    directorates::table.find(directorate).select(directorates::id).first::<i64>(conn)?;
    let statuses: Vec<&str> = match q.status.as_deref().and_then(Status::parse) {
        Some(s) => vec![s.as_str()],
        None => open_statuses(),
    };
    let kinds: Vec<&str> = match q.kind.as_deref().and_then(Kind::parse) {
        Some(k) if k.track() == Track::ServiceRequest => vec![k.as_str()],
        _ => service_kinds(),
    };
    let at = now();
    // The end of today in İnegöl, as stored (UTC).
    let local = crate::domain::working_time::to_istanbul(at);
    let tomorrow = local.date().next_day().unwrap_or(local.date());
    let end_of_day = crate::domain::working_time::from_istanbul(tomorrow.midnight());
    let open = || {
        submissions::table
            .filter(submissions::directorate_id.eq(directorate))
            .filter(submissions::status.eq_any(open_statuses()))
            .into_boxed()
    };
    let overdue = || {
        submissions::first_response_at
            .is_null()
            .and(submissions::first_response_due_at.le(at))
            .or(submissions::resolution_due_at.le(at))
    };
    let due_today = || {
        submissions::first_response_at
            .is_null()
            .and(submissions::first_response_due_at.gt(at))
            .and(submissions::first_response_due_at.lt(end_of_day))
            .or(submissions::resolution_due_at.gt(at).and(submissions::resolution_due_at.lt(end_of_day)))
    };
    let yes = |v: &Option<String>| matches!(v.as_deref().map(str::trim), Some("true" | "1" | "on" | "yes"));
    let filtered = || {
        let mut query = submissions::table
            .filter(submissions::directorate_id.eq(directorate))
            .filter(submissions::status.eq_any(statuses.clone()))
            .filter(submissions::kind.eq_any(kinds.clone()))
            .into_boxed();
        if yes(&q.overdue) {
            query = query.filter(overdue());
        }
        if yes(&q.due_today) {
            query = query.filter(due_today());
        }
        if let Some(n) = id_of(&q.neighbourhood) {
            query = query.filter(submissions::neighbourhood_id.eq(n));
        }
        if let Some(c) = q.channel.as_deref().and_then(Channel::parse) {
            query = query.filter(submissions::channel.eq(c.as_str()));
        }
        if q.assigned_to.as_deref() == Some("me") {
            query = query.filter(submissions::assignee_id.eq(me));
        }
        if let Some(days) = q.older_than_days.as_deref().and_then(|d| d.trim().parse::<i64>().ok()).filter(|d| *d > 0) {
            query = query.filter(submissions::created_at.le(now() - time::Duration::days(days.min(3_650))));
        }
        query
    };
    let total: i64 = filtered().count().get_result(conn)?;
    let overdue_count: i64 = open().filter(overdue()).count().get_result(conn)?;
    let due_today_count: i64 = open().filter(due_today()).count().get_result(conn)?;
    let page = id_of(&q.page).unwrap_or(1).min(1_000);
    type Row = (i64, Option<String>, String, String, String, i64, String, PrimitiveDateTime, Option<i64>, StoredDue);
    let rows: Vec<Row> = filtered()
        .order((submissions::created_at, submissions::id))
        .limit(QUEUE_PAGE)
        .offset((page - 1) * QUEUE_PAGE)
        .select((
            submissions::id,
            submissions::reference,
            submissions::title,
            submissions::kind,
            submissions::status,
            submissions::neighbourhood_id,
            submissions::channel,
            submissions::created_at,
            submissions::assignee_id,
            (
                submissions::first_response_due_at,
                submissions::resolution_due_at,
                submissions::first_response_at,
                submissions::resolved_at,
            ),
        ))
        .load(conn)?;
    let assignees: Vec<i64> = rows.iter().filter_map(|r| r.8).collect();
    let names: Vec<(i64, String)> =
        users::table.filter(users::id.eq_any(assignees)).select((users::id, users::display_name)).load(conn)?;
    let items = rows
        .into_iter()
        .map(|(id, reference, title, kind, status, neighbourhood_id, channel, created_at, assignee_id, due)| {
            QueueEntry {
                id,
                reference: reference.unwrap_or_default(),
                title,
                kind,
                status,
                neighbourhood_id,
                channel,
                created_at: iso(created_at),
                assignee_name: assignee_id.and_then(|a| names.iter().find(|(n, _)| *n == a)).map(|(_, n)| n.clone()),
                assignee_id,
                due: due_times(created_at, due, true),
            }
        })
        .collect();
    Ok(Queue {
        directorate_id: directorate,
        total,
        page,
        per_page: QUEUE_PAGE,
        overdue: overdue_count,
        due_today: due_today_count,
        items,
    })
}

/// Every staff member who works in a directorate: (id, name, directorate), by name; whom a
/// request can be assigned to.
pub fn officers(conn: &mut DbConn) -> AppResult<Vec<(i64, String, i64)>> {
    let rows: Vec<(i64, String, Option<i64>)> = users::table
        .inner_join(user_roles::table.on(user_roles::user_id.eq(users::id)))
        .filter(users::directorate_id.is_not_null().and(user_roles::role.eq(Role::Staff.as_str())))
        .order((users::display_name, users::id))
        .select((users::id, users::display_name, users::directorate_id))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, name, d)| Some((id, name, d?))).collect())
}

/// The officer a submission is assigned to, if any.
pub fn assignee_of(conn: &mut DbConn, id: i64) -> AppResult<Option<i64>> {
    Ok(submissions::table.find(id).select(submissions::assignee_id).first(conn)?)
}
