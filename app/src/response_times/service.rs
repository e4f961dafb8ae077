//! (ssr) Response-time targets, working hours and holidays (admins write, everyone reads), the
//! due times a request gets at receipt, when it was first answered and resolved, and the
//! statistics. One function per operation: the JSON API, the admin forms and the tests call the
//! same ones.
use super::{
    DueTimes, HolidayView, ResponseStats, ResponseTarget, StatsQuery, StatsRow, WorkingCalendar, WorkingHoursView,
    HOLIDAY_KINDS,
};
use crate::auth::Actor;
use crate::db::schema::{holidays, response_targets, settings, submissions};
use crate::db::time::{iso, iso_istanbul, now};
use crate::db::{DbConn, Pool};
use crate::domain::response_times::{summarise, RequestTimes, Summary};
use crate::domain::roles::Role;
use crate::domain::submissions::{Kind, Status, Track};
use crate::domain::working_time::{
    date_text, from_istanbul, parse_date, to_istanbul, Calendar, HolidayRow, HoursError, WorkingHours,
};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::settings::{self as s, HOLIDAYS_INSTALLED, WORKING_CLOSE, WORKING_HALF_DAY_CLOSE, WORKING_OPEN};
use diesel::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use time::{Date, Month, PrimitiveDateTime, Time};

/// The bounds of a target an admin may set.
pub const FIRST_RESPONSE_HOURS: std::ops::RangeInclusive<i64> = 1..=500;
pub const RESOLUTION_DAYS: std::ops::RangeInclusive<i64> = 1..=365;
/// The longest holiday name.
pub const HOLIDAY_NAME_MAX: usize = 120;

// ---- Working hours --------------------------------------------------------------------------

fn minutes_to_time(m: i64) -> Option<Time> {
    let m = u16::try_from(m).ok().filter(|m| *m < 24 * 60)?;
    Time::from_hms((m / 60) as u8, (m % 60) as u8, 0).ok()
}

/// `HH:MM` (or `H:MM`) as a time of day.
pub fn parse_hhmm(text: &str) -> Option<Time> {
    let (h, m) = text.trim().split_once(':')?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 || !(h.chars().chain(m.chars()).all(|c| c.is_ascii_digit())) {
        return None;
    }
    Time::from_hms(h.parse().ok()?, m.parse().ok()?, 0).ok()
}

pub fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The stored working hours (the defaults until an admin sets them).
pub fn working_hours(conn: &mut DbConn) -> AppResult<WorkingHours> {
    let keys = [WORKING_OPEN.0, WORKING_CLOSE.0, WORKING_HALF_DAY_CLOSE.0];
    let stored: Vec<(String, String)> =
        settings::table.filter(settings::key.eq_any(keys)).select((settings::key, settings::value)).load(conn)?;
    let value = |setting: (&str, i64)| {
        let v = stored.iter().find(|(k, _)| k == setting.0).map(|(_, v)| v.clone());
        minutes_to_time(s::parse_i64(v, setting))
    };
    let (Some(open), Some(close), Some(half)) =
        (value(WORKING_OPEN), value(WORKING_CLOSE), value(WORKING_HALF_DAY_CLOSE))
    else {
        return Err(AppError::internal("stored working hours are not times of day"));
    };
    WorkingHours::new(open, close, half).map_err(|e| AppError::internal(format!("stored working hours: {e}")))
}

fn hours_view(h: WorkingHours) -> WorkingHoursView {
    WorkingHoursView { open: hhmm(h.open()), close: hhmm(h.close()), half_day_close: hhmm(h.half_day_close()) }
}

/// An admin sets the working hours (`PUT /api/v1/working-hours`, the admin form). They count for
/// requests received from now on; due times already given stay as promised.
pub fn set_hours(conn: &mut DbConn, actor: &Actor, input: &WorkingHoursView) -> AppResult<WorkingHoursView> {
    actor.require(Role::Admin)?;
    let mut errors = FieldErrors::new();
    let mut time_of = |field: &str, text: &str| {
        let t = parse_hhmm(text);
        if t.is_none() {
            errors.add(field, if text.trim().is_empty() { Problem::Required } else { Problem::NotATime });
        }
        t
    };
    let (open, close, half) = (
        time_of("open", &input.open),
        time_of("close", &input.close),
        time_of("half_day_close", &input.half_day_close),
    );
    errors.into_result()?;
    let (Some(open), Some(close), Some(half)) = (open, close, half) else { return Err(AppError::Internal) };
    let hours = WorkingHours::new(open, close, half).map_err(|e| {
        let fields = match e {
            HoursError::CloseNotAfterOpen => FieldErrors::single("close", Problem::CloseBeforeOpen),
            HoursError::HalfDayCloseOutOfRange => FieldErrors::single("half_day_close", Problem::HalfDayOutOfRange),
        };
        AppError::Validation { fields }
    })?;
    let minutes = |t: Time| i64::from(t.hour()) * 60 + i64::from(t.minute());
    s::set_i64(conn, WORKING_OPEN, minutes(open))?;
    s::set_i64(conn, WORKING_CLOSE, minutes(close))?;
    s::set_i64(conn, WORKING_HALF_DAY_CLOSE, minutes(half))?;
    let view = hours_view(hours);
    let detail = format!("{}–{} (half day {})", view.open, view.close, view.half_day_close);
    crate::audit::service::record(conn, actor, "working_hours_set", "working_hours", &detail)?;
    Ok(view)
}

// ---- Holidays -------------------------------------------------------------------------------

type HolidayDbRow = (String, String, String, String, bool);

fn holiday_view((date, name_tr, name_en, kind, half_day): HolidayDbRow) -> HolidayView {
    HolidayView { date, name_tr, name_en, kind, half_day }
}

/// The holiday calendar, by date.
pub fn holidays(conn: &mut DbConn) -> AppResult<Vec<HolidayView>> {
    let rows: Vec<HolidayDbRow> = holidays::table
        .order(holidays::date)
        .select((holidays::date, holidays::name_tr, holidays::name_en, holidays::kind, holidays::half_day))
        .load(conn)?;
    Ok(rows.into_iter().map(holiday_view).collect())
}

fn insert_holiday(conn: &mut DbConn, h: &HolidayView) -> QueryResult<usize> {
    diesel::insert_into(holidays::table)
        .values((
            holidays::date.eq(&h.date),
            holidays::name_tr.eq(&h.name_tr),
            holidays::name_en.eq(&h.name_en),
            holidays::kind.eq(&h.kind),
            holidays::half_day.eq(h.half_day),
        ))
        .execute(conn)
}

/// An admin adds a date to the calendar (`POST /api/v1/holidays`, the admin form): a declared
/// administrative leave, next year's religious holidays. A date already there is refused.
pub fn add_holiday(conn: &mut DbConn, actor: &Actor, input: &HolidayView) -> AppResult<HolidayView> {
    actor.require(Role::Admin)?;
    let mut errors = FieldErrors::new();
    let date = parse_date(input.date.trim());
    if date.is_none() {
        errors.add("date", if input.date.trim().is_empty() { Problem::Required } else { Problem::NotADate });
    }
    let name_tr = input.name_tr.trim();
    let name_en = input.name_en.trim();
    if name_tr.is_empty() {
        errors.add("name_tr", Problem::Required);
    } else if name_tr.chars().count() > HOLIDAY_NAME_MAX {
        errors.add("name_tr", Problem::TooLong);
    }
    if name_en.chars().count() > HOLIDAY_NAME_MAX {
        errors.add("name_en", Problem::TooLong);
    }
    if !HOLIDAY_KINDS.contains(&input.kind.trim()) {
        errors.add("kind", Problem::Invalid);
    }
    errors.into_result()?;
    let Some(date) = date else { return Err(AppError::Internal) };
    let holiday = HolidayView {
        date: date_text(date),
        name_tr: name_tr.to_owned(),
        name_en: if name_en.is_empty() { name_tr.to_owned() } else { name_en.to_owned() },
        kind: input.kind.trim().to_owned(),
        half_day: input.half_day,
    };
    let taken = holidays::table.find(&holiday.date).select(holidays::date).first::<String>(conn).optional()?;
    if taken.is_some() {
        return Err(AppError::Conflict { fields: FieldErrors::single("date", Problem::Taken) });
    }
    insert_holiday(conn, &holiday)?;
    let detail = format!("{} {}{}", holiday.date, holiday.name_tr, if holiday.half_day { " (half day)" } else { "" });
    crate::audit::service::record(conn, actor, "holiday_added", &format!("holiday:{}", holiday.date), &detail)?;
    Ok(holiday)
}

/// An admin removes a date from the calendar (`DELETE /api/v1/holidays/{date}`).
pub fn delete_holiday(conn: &mut DbConn, actor: &Actor, date: &str) -> AppResult<()> {
    actor.require(Role::Admin)?;
    let date = parse_date(date.trim()).map(date_text).ok_or(AppError::NotFound)?;
    let removed = diesel::delete(holidays::table.find(&date)).execute(conn)?;
    if removed == 0 {
        return Err(AppError::NotFound);
    }
    crate::audit::service::record(conn, actor, "holiday_removed", &format!("holiday:{date}"), "")?;
    Ok(())
}

/// Installs the shipped Turkish holidays (2026–2027) once, on a database that never had them;
/// two rows on one date become one (as `Calendar::from_rows` reads them). Returns whether it did.
pub fn install_holidays_if_empty(conn: &mut DbConn) -> AppResult<bool> {
    if s::get_i64(conn, HOLIDAYS_INSTALLED)? == 1 {
        return Ok(false);
    }
    let rows = crate::domain::working_time::parse_holidays(crate::domain::working_time::TURKEY_HOLIDAYS_CSV)
        .map_err(AppError::internal)?;
    let kinds: HashMap<Date, String> = rows.iter().map(|r: &HolidayRow| (r.date, r.kind.clone())).collect();
    let calendar = Calendar::from_rows(WorkingHours::default(), rows);
    for (date, h) in &calendar.holidays {
        let view = HolidayView {
            date: date_text(*date),
            name_tr: h.name_tr.clone(),
            name_en: h.name_en.clone(),
            kind: kinds.get(date).cloned().unwrap_or_else(|| "national".to_owned()),
            half_day: h.half_day,
        };
        if holidays::table.find(&view.date).count().get_result::<i64>(conn)? == 0 {
            insert_holiday(conn, &view)?;
        }
    }
    s::set_i64(conn, HOLIDAYS_INSTALLED, 1)?;
    Ok(true)
}

/// The working hours and the holiday calendar, as the arithmetic reads them.
pub fn calendar(conn: &mut DbConn) -> AppResult<Calendar> {
    let hours = working_hours(conn)?;
    let rows = holidays(conn)?
        .into_iter()
        .filter_map(|h| {
            Some(HolidayRow {
                date: parse_date(&h.date)?,
                name_tr: h.name_tr,
                name_en: h.name_en,
                kind: h.kind,
                half_day: h.half_day,
            })
        })
        .collect::<Vec<_>>();
    Ok(Calendar::from_rows(hours, rows))
}

// ---- Targets --------------------------------------------------------------------------------

/// The targets of every service-request kind, in the order of `Kind::ALL`.
pub fn targets(conn: &mut DbConn) -> AppResult<Vec<ResponseTarget>> {
    let rows: Vec<(String, i64, i64)> = response_targets::table
        .select((response_targets::kind, response_targets::first_response_hours, response_targets::resolution_days))
        .load(conn)?;
    Ok(Kind::service_requests()
        .filter_map(|k| rows.iter().find(|(kind, _, _)| kind == k.as_str()))
        .map(|(kind, first_response_hours, resolution_days)| ResponseTarget {
            kind: kind.clone(),
            first_response_hours: *first_response_hours,
            resolution_days: *resolution_days,
        })
        .collect())
}

/// An admin sets the targets of some kinds (`PUT /api/v1/response-targets`, the admin form);
/// kinds not sent keep theirs. They count for requests received from now on. Field errors are
/// named `{kind}.first_response_hours` and `{kind}.resolution_days`.
pub fn set_targets(conn: &mut DbConn, actor: &Actor, input: &[ResponseTarget]) -> AppResult<Vec<ResponseTarget>> {
    actor.require(Role::Admin)?;
    let mut errors = FieldErrors::new();
    if input.is_empty() {
        errors.add("targets", Problem::Required);
    }
    for t in input {
        match Kind::parse(&t.kind) {
            Some(k) if k.track() == Track::ServiceRequest => {}
            _ => {
                errors.add("kind", Problem::NotAServiceRequest);
                continue;
            }
        }
        if !FIRST_RESPONSE_HOURS.contains(&t.first_response_hours) {
            errors.add(&format!("{}.first_response_hours", t.kind), Problem::OutOfRange);
        }
        if !RESOLUTION_DAYS.contains(&t.resolution_days) {
            errors.add(&format!("{}.resolution_days", t.kind), Problem::OutOfRange);
        }
    }
    errors.into_result()?;
    let at = now();
    for t in input {
        let changed = diesel::update(response_targets::table.find(&t.kind))
            .set((
                response_targets::first_response_hours.eq(t.first_response_hours),
                response_targets::resolution_days.eq(t.resolution_days),
                response_targets::updated_at.eq(at),
            ))
            .execute(conn)?;
        if changed == 0 {
            diesel::insert_into(response_targets::table)
                .values((
                    response_targets::kind.eq(&t.kind),
                    response_targets::first_response_hours.eq(t.first_response_hours),
                    response_targets::resolution_days.eq(t.resolution_days),
                    response_targets::updated_at.eq(at),
                ))
                .execute(conn)?;
        }
    }
    let detail = input
        .iter()
        .map(|t| format!("{}: {} h, {} d", t.kind, t.first_response_hours, t.resolution_days))
        .collect::<Vec<_>>();
    crate::audit::service::record(conn, actor, "response_targets_set", "response_targets", &detail.join("; "))?;
    targets(conn)
}

/// The targets, the hours and the calendar together (the admin page, the statistics' note).
pub fn working_calendar(conn: &mut DbConn) -> AppResult<WorkingCalendar> {
    Ok(WorkingCalendar { targets: targets(conn)?, hours: hours_view(working_hours(conn)?), holidays: holidays(conn)? })
}

// ---- A request's due times ------------------------------------------------------------------

/// When the first response and the resolution of a request of `kind` received at `received` are
/// due, by today's targets and calendar; none for kinds that are not service requests.
pub fn due_at_receipt(
    conn: &mut DbConn,
    kind: Kind,
    received: PrimitiveDateTime,
) -> AppResult<(Option<PrimitiveDateTime>, Option<PrimitiveDateTime>)> {
    if kind.track() != Track::ServiceRequest {
        return Ok((None, None));
    }
    let target: Option<(i64, i64)> = response_targets::table
        .find(kind.as_str())
        .select((response_targets::first_response_hours, response_targets::resolution_days))
        .first(conn)
        .optional()?;
    let Some((hours, days)) = target else { return Ok((None, None)) };
    let calendar = calendar(conn)?;
    let clamp = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    Ok((
        Some(calendar.first_response_due(received, clamp(hours))),
        Some(calendar.resolution_due(received, clamp(days))),
    ))
}

/// A public step or an official answer on request `id` at `at`: its first response, unless it
/// had one.
pub fn responded(conn: &mut DbConn, id: i64, at: PrimitiveDateTime) -> AppResult<()> {
    diesel::update(
        submissions::table
            .find(id)
            .filter(submissions::first_response_at.is_null())
            .filter(submissions::first_response_due_at.is_not_null()),
    )
    .set(submissions::first_response_at.eq(at))
    .execute(conn)?;
    Ok(())
}

/// Request `id` reached a status that ends it on the municipality's side (`Status::resolves_request`)
/// at `at`. Its first response, if it had none, is this too.
pub fn resolved(conn: &mut DbConn, id: i64, at: PrimitiveDateTime) -> AppResult<()> {
    responded(conn, id, at)?;
    diesel::update(
        submissions::table
            .find(id)
            .filter(submissions::resolved_at.is_null())
            .filter(submissions::resolution_due_at.is_not_null()),
    )
    .set(submissions::resolved_at.eq(at))
    .execute(conn)?;
    Ok(())
}

/// A request's stored times (UTC): due first response, due resolution, first response,
/// resolution.
pub type StoredDue =
    (Option<PrimitiveDateTime>, Option<PrimitiveDateTime>, Option<PrimitiveDateTime>, Option<PrimitiveDateTime>);

/// A request's times as they leave the server; `open`: its status can still move.
pub fn due_times(
    received: PrimitiveDateTime,
    (first_due, resolution_due, first, resolved): StoredDue,
    open: bool,
) -> DueTimes {
    let times =
        RequestTimes { received, first_response_due: first_due, resolution_due, first_response: first, resolved, open };
    DueTimes {
        first_response_due_at: first_due.map(iso_istanbul),
        resolution_due_at: resolution_due.map(iso_istanbul),
        first_response_at: first.map(iso_istanbul),
        resolved_at: resolved.map(iso_istanbul),
        overdue: times.overdue(now()),
    }
}

/// Gives due times to the service requests that have none (received before targets existed, or
/// written by the seed), and their first response and resolution from their timelines. Runs at
/// start; returns how many requests it changed.
pub fn backfill(conn: &mut DbConn) -> AppResult<usize> {
    let kinds: Vec<&str> = Kind::service_requests().map(Kind::as_str).collect();
    let pending: Vec<(i64, String, PrimitiveDateTime)> = submissions::table
        .filter(submissions::kind.eq_any(&kinds))
        .filter(submissions::first_response_due_at.is_null())
        .select((submissions::id, submissions::kind, submissions::created_at))
        .load(conn)?;
    if pending.is_empty() {
        return Ok(0);
    }
    // First their first response and resolution, from their timelines: the first step by an
    // official after receipt or an official answer, whichever came first; the first status that
    // ends the request.
    let first_step = "(SELECT MIN(e.at) FROM submission_events e WHERE e.submission_id = submissions.id \
         AND e.kind <> 'created' AND e.actor_role IS NOT NULL AND e.actor_role <> 'citizen')";
    let first_answer =
        "(SELECT MIN(c.created_at) FROM comments c WHERE c.submission_id = submissions.id AND c.official)";
    let ended: Vec<String> =
        Status::ALL.iter().filter(|s| s.resolves_request()).map(|s| format!("'{}'", s.as_str())).collect();
    let resolution = format!(
        "(SELECT MIN(e.at) FROM submission_events e WHERE e.submission_id = submissions.id AND e.to_status IN ({}))",
        ended.join(", ")
    );
    let least = match conn.backend() {
        crate::db::Backend::Sqlite => "MIN",
        crate::db::Backend::Postgres => "LEAST",
    };
    let service: Vec<String> = kinds.iter().map(|k| format!("'{k}'")).collect();
    diesel::sql_query(format!(
        "UPDATE submissions SET first_response_at = {least}(COALESCE({first_step}, {first_answer}), COALESCE({first_answer}, {first_step})), \
         resolved_at = {resolution} WHERE first_response_due_at IS NULL AND kind IN ({})",
        service.join(", ")
    ))
    .execute(conn)?;
    let calendar = calendar(conn)?;
    let targets: HashMap<String, (u32, u32)> = targets(conn)?
        .into_iter()
        .map(|t| (t.kind, (t.first_response_hours.max(0) as u32, t.resolution_days.max(0) as u32)))
        .collect();
    let mut changed = 0;
    for (id, kind, received) in pending {
        let Some((hours, days)) = targets.get(&kind) else { continue };
        changed += diesel::update(submissions::table.find(id))
            .set((
                submissions::first_response_due_at.eq(calendar.first_response_due(received, *hours)),
                submissions::resolution_due_at.eq(calendar.resolution_due(received, *days)),
            ))
            .execute(conn)?;
    }
    Ok(changed)
}

// ---- Statistics -----------------------------------------------------------------------------

/// A month, YYYY-MM.
fn parse_month(text: &str) -> Option<(i32, Month)> {
    let t = text.trim();
    let (y, m) = t.split_once('-')?;
    if y.len() != 4 || m.len() != 2 {
        return None;
    }
    let year: i32 = y.parse().ok()?;
    (1970..=9998).contains(&year).then_some(())?;
    Some((year, Month::try_from(m.parse::<u8>().ok()?).ok()?))
}

fn month_index((y, m): (i32, Month)) -> i32 {
    y * 12 + i32::from(u8::from(m)) - 1
}

fn month_of(index: i32) -> (i32, Month) {
    let m = Month::try_from((index.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    (index.div_euclid(12), m)
}

fn month_text(index: i32) -> String {
    let (y, m) = month_of(index);
    format!("{y:04}-{:02}", u8::from(m))
}

/// The first instant (UTC) of a local month.
fn month_start(index: i32) -> PrimitiveDateTime {
    let (y, m) = month_of(index);
    let date = Date::from_calendar_date(y, m, 1).unwrap_or(Date::MIN);
    from_istanbul(PrimitiveDateTime::new(date, Time::MIDNIGHT))
}

/// The longest range of months the statistics cover at once.
pub const STATS_MAX_MONTHS: i32 = 24;

/// The statistics' filters, read: the months (as indexes) and the kind and directorate.
struct StatsFilter {
    from: i32,
    to: i32,
    kind: Option<Kind>,
    directorate: Option<i64>,
}

fn read_filter(q: &StatsQuery, now: PrimitiveDateTime) -> AppResult<StatsFilter> {
    let mut errors = FieldErrors::new();
    let here = to_istanbul(now);
    let mut month = |field: &str, v: &Option<String>| match v.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => {
            let m = parse_month(text).map(month_index);
            if m.is_none() {
                errors.add(field, Problem::Invalid);
            }
            m
        }
    };
    let to = month("to", &q.to).unwrap_or_else(|| month_index((here.year(), here.month())));
    let from = month("from", &q.from).unwrap_or(to - 11);
    let kind = match q.kind.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(k) => match Kind::parse(k) {
            Some(k) if k.track() == Track::ServiceRequest => Some(k),
            _ => {
                errors.add("kind", Problem::Invalid);
                None
            }
        },
    };
    let directorate = match q.directorate.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(d) => {
            let id = d.parse::<i64>().ok().filter(|d| *d > 0);
            if id.is_none() {
                errors.add("directorate", Problem::Invalid);
            }
            id
        }
    };
    if from > to || to - from >= STATS_MAX_MONTHS {
        errors.add("from", Problem::OutOfRange);
    }
    errors.into_result()?;
    Ok(StatsFilter { from, to, kind, directorate })
}

fn row(month: i32, kind: Option<&str>, directorate_id: Option<i64>, s: Summary) -> StatsRow {
    StatsRow {
        month: month_text(month),
        kind: kind.map(str::to_owned),
        directorate_id,
        count: s.count,
        median_first_response_hours: s.median_first_response_hours,
        first_response_within_target: s.first_response_within_target,
        median_resolution_days: s.median_resolution_days,
        resolution_within_target: s.resolution_within_target,
        open: s.open,
        overdue: s.overdue,
    }
}

/// The statistics of the requests received in the filter's months, counted at `now`.
pub fn stats(conn: &mut DbConn, q: &StatsQuery, now: PrimitiveDateTime) -> AppResult<ResponseStats> {
    let f = read_filter(q, now)?;
    let calendar = calendar(conn)?;
    let mut query = submissions::table
        .filter(submissions::first_response_due_at.is_not_null())
        .filter(submissions::created_at.ge(month_start(f.from)))
        .filter(submissions::created_at.lt(month_start(f.to + 1)))
        .into_boxed();
    if let Some(k) = f.kind {
        query = query.filter(submissions::kind.eq(k.as_str()));
    }
    if let Some(d) = f.directorate {
        query = query.filter(submissions::directorate_id.eq(d));
    }
    type Row = (
        PrimitiveDateTime,
        String,
        i64,
        String,
        Option<PrimitiveDateTime>,
        Option<PrimitiveDateTime>,
        Option<PrimitiveDateTime>,
        Option<PrimitiveDateTime>,
    );
    let rows: Vec<Row> = query
        .select((
            submissions::created_at,
            submissions::kind,
            submissions::directorate_id,
            submissions::status,
            submissions::first_response_due_at,
            submissions::resolution_due_at,
            submissions::first_response_at,
            submissions::resolved_at,
        ))
        .load(conn)?;
    let mut groups: BTreeMap<(i32, usize, i64), Vec<RequestTimes>> = BTreeMap::new();
    let mut months: BTreeMap<i32, Vec<RequestTimes>> = BTreeMap::new();
    for (received, kind, directorate, status, first_due, resolution_due, first, resolved) in rows {
        let kind = Kind::stored(&kind)?;
        let status = Status::stored(&status)?;
        let local = to_istanbul(received);
        let month = month_index((local.year(), local.month()));
        let times = RequestTimes {
            received,
            first_response_due: first_due,
            resolution_due,
            first_response: first,
            resolved,
            open: status.is_open(),
        };
        let kind_order = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(usize::MAX);
        groups.entry((month, kind_order, directorate)).or_default().push(times);
        months.entry(month).or_default().push(times);
    }
    // Newest month first; within a month, kinds in order, then directorates (a stable sort).
    let mut rows = groups
        .into_iter()
        .map(|((month, kind, directorate), requests)| {
            let kind = Kind::ALL.get(kind).map(|k| k.as_str());
            row(month, kind, Some(directorate), summarise(&calendar, now, &requests))
        })
        .collect::<Vec<_>>();
    rows.sort_by(|a, b| b.month.cmp(&a.month));
    let months = (f.from..=f.to)
        .rev()
        .map(|m| {
            let requests = months.get(&m).map(Vec::as_slice).unwrap_or_default();
            row(m, None, None, summarise(&calendar, now, requests))
        })
        .collect();
    Ok(ResponseStats { from: month_text(f.from), to: month_text(f.to), generated_at: iso(now), rows, months })
}

/// How long counted statistics are kept (a page anyone may ask for counts a year of requests).
const STATS_KEPT_FOR: Duration = Duration::from_secs(60);
const STATS_MAX_KEPT: usize = 500;

/// Counted statistics by their filters, kept in the pool's caches, with their JSON.
#[derive(Default)]
struct KeptStats {
    kept: Mutex<HashMap<String, Counted>>,
    /// Held while counting (`db::cache::read_once`).
    counting: tokio::sync::Mutex<()>,
}

/// Statistics as counted, and as the API sends them.
#[derive(Clone)]
pub struct Counted {
    at: Instant,
    pub stats: Arc<ResponseStats>,
    pub json: Arc<[u8]>,
}

/// `stats`, counted at most once a minute for the same filters. When a minute is up, one
/// request counts again while the others get the statistics counted before; the first time,
/// they wait for that one count (no queue of people each counting a year of requests).
pub async fn stats_cached(pool: &Pool, q: StatsQuery) -> AppResult<Counted> {
    let key = format!("{:?}|{:?}|{:?}|{:?}", q.from, q.to, q.kind, q.directorate);
    let kept = pool.caches().slot::<KeptStats>();
    let before = || kept.kept.lock().ok().and_then(|m| m.get(&key).cloned());
    let fresh = || before().filter(|c| c.at.elapsed() < STATS_KEPT_FOR);
    if let Some(c) = fresh() {
        return Ok(c);
    }
    crate::db::cache::read_once(&kept.counting, before(), fresh, || count(pool, &kept, key.clone(), q)).await
}

/// Counts the statistics for `q` and keeps them under `key`.
async fn count(pool: &Pool, kept: &KeptStats, key: String, q: StatsQuery) -> AppResult<Counted> {
    let stats = Arc::new(crate::db::read(pool, move |c| stats(c, &q, now())).await?);
    let json: Arc<[u8]> = serde_json::to_vec(&*stats).map_err(AppError::internal)?.into();
    let counted = Counted { at: Instant::now(), stats, json };
    if let Ok(mut m) = kept.kept.lock() {
        if m.len() >= STATS_MAX_KEPT {
            m.retain(|_, c| c.at.elapsed() < STATS_KEPT_FOR);
            if m.len() >= STATS_MAX_KEPT {
                m.clear();
            }
        }
        m.insert(key, counted.clone());
    }
    Ok(counted)
}
