//! (ssr) Field visits: staff plan one; everyone lists them and reads each with its requests; the
//! intake checks that a request recorded during a visit names one of the same kind.
use super::{VisitDetail, VisitInput, VisitList, VisitQuery, VisitSubmission, VisitView, VISITS_LISTED};
use crate::auth::Actor;
use crate::db::schema::{field_visits, neighbourhoods, submissions};
use crate::db::time::now;
use crate::db::DbConn;
use crate::domain::roles::Role;
use crate::domain::submissions::Channel;
use crate::domain::working_time::{date_text, parse_date, to_istanbul};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use diesel::prelude::*;
use std::collections::HashMap;

/// The longest place and notes.
pub const PLACE_MAX: usize = 200;
pub const NOTES_MAX: usize = 2_000;

/// The kinds of visit: the two channels a visit records requests through.
pub fn visit_kind(code: &str) -> Option<Channel> {
    Channel::parse(code.trim()).filter(|c| matches!(c, Channel::Vim | Channel::NeighbourhoodMeeting))
}

/// Today in İnegöl, as visits' dates are written.
fn today() -> String {
    date_text(to_istanbul(now()).date())
}

/// Staff plan a visit (or record one that happened). Returns its id.
pub fn create(conn: &mut DbConn, actor: &Actor, input: &VisitInput) -> AppResult<i64> {
    let me = actor.require(Role::Staff)?;
    let mut errors = FieldErrors::new();
    let kind = visit_kind(&input.kind);
    if kind.is_none() {
        errors.add("kind", if input.kind.trim().is_empty() { Problem::Required } else { Problem::Invalid });
    }
    let active: Option<bool> =
        neighbourhoods::table.find(input.neighbourhood_id).select(neighbourhoods::active).first(conn).optional()?;
    if active != Some(true) {
        errors.add("neighbourhood_id", if input.neighbourhood_id == 0 { Problem::Required } else { Problem::Invalid });
    }
    let date = parse_date(input.date.trim());
    if date.is_none() {
        errors.add("date", if input.date.trim().is_empty() { Problem::Required } else { Problem::NotADate });
    }
    let place = input.place.trim();
    if place.is_empty() {
        errors.add("place", Problem::Required);
    } else if place.chars().count() > PLACE_MAX {
        errors.add("place", Problem::TooLong);
    }
    let notes = input.notes.trim();
    if notes.chars().count() > NOTES_MAX {
        errors.add("notes", Problem::TooLong);
    }
    errors.into_result()?;
    let (Some(kind), Some(date)) = (kind, date) else { return Err(AppError::Internal) };
    let id = diesel::insert_into(field_visits::table)
        .values((
            field_visits::kind.eq(kind.as_str()),
            field_visits::neighbourhood_id.eq(input.neighbourhood_id),
            field_visits::date.eq(date_text(date)),
            field_visits::place.eq(place),
            field_visits::notes.eq(notes),
            field_visits::created_by.eq(me),
            field_visits::created_at.eq(now()),
        ))
        .returning(field_visits::id)
        .get_result(conn)?;
    Ok(id)
}

type Row = (i64, String, i64, String, String, String);

fn columns() -> (
    field_visits::id,
    field_visits::kind,
    field_visits::neighbourhood_id,
    field_visits::date,
    field_visits::place,
    field_visits::notes,
) {
    (
        field_visits::id,
        field_visits::kind,
        field_visits::neighbourhood_id,
        field_visits::date,
        field_visits::place,
        field_visits::notes,
    )
}

/// The visits' rows with their number of requests.
fn views(conn: &mut DbConn, rows: Vec<Row>) -> AppResult<Vec<VisitView>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let counts: HashMap<i64, i64> = submissions::table
        .filter(submissions::visit_id.eq_any(&ids))
        .group_by(submissions::visit_id)
        .select((submissions::visit_id, diesel::dsl::count_star()))
        .load::<(Option<i64>, i64)>(conn)?
        .into_iter()
        .filter_map(|(id, n)| Some((id?, n)))
        .collect();
    let today = today();
    Ok(rows
        .into_iter()
        .map(|(id, kind, neighbourhood_id, date, place, notes)| VisitView {
            planned: date >= today,
            submission_count: counts.get(&id).copied().unwrap_or(0),
            id,
            kind,
            neighbourhood_id,
            date,
            place,
            notes,
        })
        .collect())
}

/// The visits, planned or past, of a neighbourhood or all.
pub fn list(conn: &mut DbConn, q: &VisitQuery) -> AppResult<VisitList> {
    let mut query = field_visits::table.select(columns()).into_boxed();
    if let Some(n) = q.neighbourhood.as_deref().and_then(|n| n.trim().parse::<i64>().ok()) {
        query = query.filter(field_visits::neighbourhood_id.eq(n));
    }
    let today = today();
    query = match q.when.as_deref().map(str::trim) {
        Some("planned") => query.filter(field_visits::date.ge(today)).order((field_visits::date, field_visits::id)),
        Some("past") => {
            query.filter(field_visits::date.lt(today)).order((field_visits::date.desc(), field_visits::id.desc()))
        }
        _ => query.order((field_visits::date.desc(), field_visits::id.desc())),
    };
    let rows: Vec<Row> = query.limit(VISITS_LISTED).load(conn)?;
    Ok(VisitList { items: views(conn, rows)? })
}

/// One visit with the requests recorded during it, oldest first.
pub fn detail(conn: &mut DbConn, id: i64) -> AppResult<VisitDetail> {
    let row: Row = field_visits::table.find(id).select(columns()).first(conn)?;
    let visit = views(conn, vec![row])?.pop().ok_or(AppError::Internal)?;
    let rows: Vec<(i64, Option<String>, String, String, String)> = submissions::table
        .filter(submissions::visit_id.eq(id).and(submissions::moderation.is_null()))
        .order(submissions::id)
        .select((submissions::id, submissions::reference, submissions::title, submissions::kind, submissions::status))
        .load(conn)?;
    let submissions = rows
        .into_iter()
        .map(|(id, reference, title, kind, status)| VisitSubmission {
            id,
            reference: reference.unwrap_or_default(),
            title,
            kind,
            status,
        })
        .collect();
    Ok(VisitDetail { visit, submissions })
}

/// The visit a request recorded through `channel` names, checked: it exists and is of that
/// channel's kind. Problems are `visit_id`'s.
pub fn check_for_intake(conn: &mut DbConn, channel: &str, visit: i64) -> AppResult<()> {
    let kind: Option<String> = field_visits::table.find(visit).select(field_visits::kind).first(conn).optional()?;
    match (kind, visit_kind(channel)) {
        (Some(kind), Some(c)) if kind == c.as_str() => Ok(()),
        _ => Err(AppError::Validation { fields: FieldErrors::single("visit_id", Problem::Invalid) }),
    }
}

/// The visits staff may choose at intake: of the last 60 days and the next 60, soonest first.
pub fn recent(conn: &mut DbConn) -> AppResult<Vec<VisitView>> {
    let here = to_istanbul(now()).date();
    let (from, to) = (date_text(here - time::Duration::days(60)), date_text(here + time::Duration::days(60)));
    let rows: Vec<Row> = field_visits::table
        .filter(field_visits::date.ge(from).and(field_visits::date.le(to)))
        .order((field_visits::date.desc(), field_visits::id.desc()))
        .select(columns())
        .limit(VISITS_LISTED)
        .load(conn)?;
    views(conn, rows)
}
