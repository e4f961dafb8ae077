//! (ssr) Implementation and the board. Milestones and the implementation's figures are staff's
//! to write, on a proposal that is approved, scheduled or in implementation; every write is an
//! event on the proposal's timeline, so the public sees each step.
use super::{Board, BoardItem, BoardQuery, BoardStage, ImplementationView, MilestoneView};
use crate::auth::Actor;
use crate::db::direct::Direct;
use crate::db::schema::{implementations, milestones, submissions};
use crate::db::time::{iso, now};
use crate::db::DbConn;
use crate::domain::roles::Role;
use crate::domain::submissions::{EventKind, MediaKind, PhotoPhase, Status};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::notifications::service::notify_followers;
use crate::notifications::NotificationKind;
use crate::submissions::service::{insert_media, media_of, NewMedia};
use crate::submissions::service::{record_event, EventActor};
use diesel::prelude::*;
use serde::Deserialize;
use time::PrimitiveDateTime;

pub const TITLE_MAX: usize = 200;
/// A milestone notification's detail begins so when the milestone was reached (else it was added).
pub const MILESTONE_DONE: &str = "done:";
pub const NOTE_MAX: usize = 1_000;
/// Items each stage of the board lists.
pub const BOARD_ITEMS: i64 = 20;
/// The stages of the board, in the order a proposal passes them.
pub const STAGES: [Status; 6] = [
    Status::UnderEvaluation,
    Status::Feasible,
    Status::Approved,
    Status::Scheduled,
    Status::InImplementation,
    Status::Completed,
];

/// A milestone as sent (`POST`), or its changes (`PATCH`: only the fields given change; an
/// empty `done_on` clears it). `progress_percent`, `budget` (₺) and `directorate_id` are the
/// proposal's implementation's.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MilestoneInput {
    pub title: Option<String>,
    /// YYYY-MM-DD
    pub planned_on: Option<String>,
    /// YYYY-MM-DD
    pub done_on: Option<String>,
    pub note: Option<String>,
    pub progress_percent: Option<i32>,
    pub budget: Option<f64>,
    pub directorate_id: Option<i64>,
}

/// A day as typed: `YYYY-MM-DD`, a real date.
fn day(v: &str) -> Option<String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(v.trim(), &format).ok().map(|_| v.trim().to_owned())
}

/// The checked fields of `input`; `new` when every required field must be there.
struct Checked {
    title: Option<String>,
    planned_on: Option<String>,
    /// `Some(None)`: clear it.
    done_on: Option<Option<String>>,
    note: Option<String>,
    budget_kurus: Option<i64>,
}

fn check(input: &MilestoneInput, new: bool) -> AppResult<Checked> {
    let mut errors = FieldErrors::new();
    let title = input.title.as_deref().map(str::trim).map(str::to_owned);
    match &title {
        None if new => errors.add("title", Problem::Required),
        Some(t) if t.is_empty() => errors.add("title", Problem::Required),
        Some(t) if t.chars().count() > TITLE_MAX => errors.add("title", Problem::TooLong),
        _ => {}
    }
    let planned_on = match input.planned_on.as_deref().map(str::trim) {
        None | Some("") if new => {
            errors.add("planned_on", Problem::Required);
            None
        }
        None => None,
        Some(v) => day(v).or_else(|| {
            errors.add("planned_on", Problem::Invalid);
            None
        }),
    };
    let done_on = match input.done_on.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(v) => match day(v) {
            Some(d) => Some(Some(d)),
            None => {
                errors.add("done_on", Problem::Invalid);
                None
            }
        },
    };
    let note = input.note.as_deref().map(str::trim).map(str::to_owned);
    if note.as_deref().is_some_and(|n| n.chars().count() > NOTE_MAX) {
        errors.add("note", Problem::TooLong);
    }
    if input.progress_percent.is_some_and(|p| !(0..=100).contains(&p)) {
        errors.add("progress_percent", Problem::OutOfRange);
    }
    let budget_kurus = match input.budget {
        Some(b) if !b.is_finite() || !(0.0..1e12).contains(&b) => {
            errors.add("budget", Problem::OutOfRange);
            None
        }
        Some(b) => Some((b * 100.0).round() as i64),
        None => None,
    };
    errors.into_result()?;
    Ok(Checked { title, planned_on, done_on, note, budget_kurus })
}

/// Staff, on a proposal being implemented: returns the staff member's id.
fn may_write(conn: &mut DbConn, actor: &Actor, submission: i64) -> AppResult<i64> {
    let me = actor.require(Role::Staff)?;
    let status: String = submissions::table.find(submission).select(submissions::status).first(conn)?;
    if !matches!(Status::stored(&status)?, Status::Approved | Status::Scheduled | Status::InImplementation) {
        return Err(AppError::Conflict { fields: FieldErrors::single("status", Problem::NotInImplementation) });
    }
    Ok(me)
}

/// Writes the implementation's figures that `input` carries (creating its row the first time).
fn set_figures(
    conn: &mut DbConn,
    submission: i64,
    input: &MilestoneInput,
    budget_kurus: Option<i64>,
) -> AppResult<bool> {
    if input.progress_percent.is_none() && budget_kurus.is_none() && input.directorate_id.is_none() {
        return Ok(false);
    }
    if let Some(d) = input.directorate_id {
        let known: i64 = crate::db::schema::directorates::table
            .filter(crate::db::schema::directorates::id.eq(d))
            .count()
            .get_result(conn)?;
        if known == 0 {
            return Err(AppError::Validation { fields: FieldErrors::single("directorate_id", Problem::Invalid) });
        }
    }
    let exists: i64 =
        implementations::table.filter(implementations::submission_id.eq(submission)).count().get_result(conn)?;
    if exists == 0 {
        diesel::insert_into(implementations::table)
            .values((implementations::submission_id.eq(submission), implementations::updated_at.eq(now())))
            .execute(conn)?;
    }
    let row = implementations::table.filter(implementations::submission_id.eq(submission));
    if let Some(p) = input.progress_percent {
        diesel::update(row).set(implementations::progress_percent.eq(p)).execute(conn)?;
    }
    if let Some(b) = budget_kurus {
        diesel::update(row).set(implementations::budget_kurus.eq(Some(b))).execute(conn)?;
    }
    if let Some(d) = input.directorate_id {
        diesel::update(row).set(implementations::directorate_id.eq(Some(d))).execute(conn)?;
    }
    diesel::update(row).set(implementations::updated_at.eq(now())).execute(conn)?;
    Ok(true)
}

fn status_now(conn: &mut DbConn, submission: i64) -> AppResult<Status> {
    let status: String = submissions::table.find(submission).select(submissions::status).first(conn)?;
    Status::stored(&status)
}

/// Staff add a milestone (and may set the implementation's figures with it). Returns its id.
pub fn add_milestone(conn: &mut DbConn, actor: &Actor, submission: i64, input: &MilestoneInput) -> AppResult<i64> {
    let me = may_write(conn, actor, submission)?;
    let c = check(input, true)?;
    let title = c.title.unwrap_or_default();
    let at = now();
    let id: i64 = diesel::insert_into(milestones::table)
        .values((
            milestones::submission_id.eq(submission),
            milestones::title.eq(&title),
            milestones::planned_on.eq(c.planned_on.unwrap_or_default()),
            milestones::done_on.eq(c.done_on.flatten()),
            milestones::note.eq(c.note.unwrap_or_default()),
            milestones::created_at.eq(at),
            milestones::updated_at.eq(at),
        ))
        .returning(milestones::id)
        .get_result(conn)?;
    set_figures(conn, submission, input, c.budget_kurus)?;
    let status = Some(status_now(conn, submission)?);
    record_event(
        conn,
        submission,
        EventKind::MilestoneAdded,
        (status, status),
        Some(EventActor::new(me, "staff")),
        (&title, ""),
    )?;
    notify_followers(conn, submission, Some(me), NotificationKind::Milestone, &title)?;
    Ok(id)
}

/// Staff change a milestone (any of its fields) and the implementation's figures.
pub fn update_milestone(conn: &mut DbConn, actor: &Actor, id: i64, input: &MilestoneInput) -> AppResult<MilestoneView> {
    let submission: i64 = milestones::table.find(id).select(milestones::submission_id).first(conn)?;
    let me = may_write(conn, actor, submission)?;
    let c = check(input, false)?;
    let row = milestones::table.find(id);
    if let Some(t) = &c.title {
        diesel::update(row).set(milestones::title.eq(t)).execute(conn)?;
    }
    if let Some(p) = &c.planned_on {
        diesel::update(row).set(milestones::planned_on.eq(p)).execute(conn)?;
    }
    if let Some(d) = &c.done_on {
        diesel::update(row).set(milestones::done_on.eq(d.clone())).execute(conn)?;
    }
    if let Some(n) = &c.note {
        diesel::update(row).set(milestones::note.eq(n)).execute(conn)?;
    }
    diesel::update(row).set(milestones::updated_at.eq(now())).execute(conn)?;
    let figures = set_figures(conn, submission, input, c.budget_kurus)?;
    let view = milestone(conn, id)?;
    let status = Some(status_now(conn, submission)?);
    let who = Some(EventActor::new(me, "staff"));
    let changed = c.title.is_some() || c.planned_on.is_some() || c.done_on.is_some() || c.note.is_some();
    if changed {
        record_event(conn, submission, EventKind::MilestoneUpdated, (status, status), who, (&view.title, ""))?;
    }
    if c.done_on.as_ref().is_some_and(Option::is_some) {
        // Followers hear of a milestone reached as of one added.
        let detail = format!("{MILESTONE_DONE}{}", view.title);
        notify_followers(conn, submission, Some(me), NotificationKind::Milestone, &detail)?;
    }
    if figures {
        record_event(conn, submission, EventKind::ProgressUpdated, (status, status), who, ("", ""))?;
    }
    Ok(view)
}

type MilestoneRow = (i64, String, String, Option<String>, String);

fn to_view((id, title, planned_on, done_on, note): MilestoneRow) -> MilestoneView {
    MilestoneView { id, title, planned_on, done_on, note }
}

fn milestone(conn: &mut DbConn, id: i64) -> AppResult<MilestoneView> {
    let row: MilestoneRow = milestones::table
        .find(id)
        .select((milestones::id, milestones::title, milestones::planned_on, milestones::done_on, milestones::note))
        .first(conn)?;
    Ok(to_view(row))
}

/// A proposal's milestones, by planned date. `NotFound` for no such submission.
pub fn milestones_of(conn: &mut DbConn, submission: i64) -> AppResult<Vec<MilestoneView>> {
    status_now(conn, submission)?;
    plan(conn, submission)
}

/// The milestones of a submission known to exist, in plan order.
fn plan(conn: &mut DbConn, submission: i64) -> AppResult<Vec<MilestoneView>> {
    let rows: Vec<MilestoneRow> = milestones::table
        .filter(milestones::submission_id.eq(submission))
        .order((milestones::planned_on, milestones::id))
        .select((milestones::id, milestones::title, milestones::planned_on, milestones::done_on, milestones::note))
        .load_direct(conn)?;
    Ok(rows.into_iter().map(to_view).collect())
}

/// A proposal's implementation, or `None` before anything was recorded. For the page of a
/// submission just read: whether it exists is not asked again, and its photos are read only when
/// its row said it has any (`has_media`).
pub fn implementation(conn: &mut DbConn, submission: i64, has_media: bool) -> AppResult<Option<ImplementationView>> {
    let milestones = plan(conn, submission)?;
    let (mut before, mut after) = (Vec::new(), Vec::new());
    let media = if has_media { crate::submissions::service::media_by_phase(conn, submission)? } else { Vec::new() };
    for (phase, m) in media {
        match phase {
            Some(PhotoPhase::Before) => before.push(m),
            Some(PhotoPhase::After) => after.push(m),
            None => {}
        }
    }
    let figures: Option<(i32, Option<i64>, Option<i64>)> = implementations::table
        .filter(implementations::submission_id.eq(submission))
        .select((implementations::progress_percent, implementations::budget_kurus, implementations::directorate_id))
        .first_direct(conn)
        .optional()?;
    if figures.is_none() && milestones.is_empty() && before.is_empty() && after.is_empty() {
        return Ok(None);
    }
    let (progress_percent, budget, directorate_id) = figures.unwrap_or((0, None, None));
    Ok(Some(ImplementationView {
        progress_percent,
        budget: budget.map(|k| k as f64 / 100.0),
        directorate_id,
        milestones,
        before,
        after,
    }))
}

/// The public board: for each stage, how many proposals are there and the most recently moved
/// ones, with the listing's filters.
pub fn board(conn: &mut DbConn, q: &BoardQuery) -> AppResult<Board> {
    let mut stages = Vec::new();
    for status in STAGES {
        // What is out of public view is on no public board.
        let public = submissions::status.eq(status.as_str()).and(submissions::moderation.is_null());
        let mut query = submissions::table.filter(public).into_boxed();
        let mut counted = submissions::table.filter(public).into_boxed();
        if let Some(c) = q.category_id() {
            query = query.filter(submissions::category_id.eq(c));
            counted = counted.filter(submissions::category_id.eq(c));
        }
        if let Some(n) = q.neighbourhood_id() {
            query = query.filter(submissions::neighbourhood_id.eq(n));
            counted = counted.filter(submissions::neighbourhood_id.eq(n));
        }
        if let Some(d) = q.directorate_id() {
            query = query.filter(submissions::directorate_id.eq(d));
            counted = counted.filter(submissions::directorate_id.eq(d));
        }
        let count: i64 = counted.count().get_result(conn)?;
        let rows: Vec<(i64, Option<String>, String, i64, PrimitiveDateTime)> = query
            .order((submissions::updated_at.desc(), submissions::id.desc()))
            .limit(BOARD_ITEMS)
            .select((
                submissions::id,
                submissions::reference,
                submissions::title,
                submissions::support_count,
                submissions::updated_at,
            ))
            .load(conn)?;
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let progress: Vec<(i64, i32)> = implementations::table
            .filter(implementations::submission_id.eq_any(&ids))
            .select((implementations::submission_id, implementations::progress_percent))
            .load(conn)?;
        let items = rows
            .into_iter()
            .map(|(id, reference, title, support_count, updated_at)| BoardItem {
                id,
                reference: reference.unwrap_or_default(),
                title,
                support_count,
                progress_percent: progress.iter().find(|p| p.0 == id).map(|p| p.1),
                updated_at: iso(updated_at),
            })
            .collect();
        stages.push(BoardStage { status: status.as_str().to_owned(), count, items });
    }
    Ok(Board { stages })
}

/// Staff set the implementation's figures alone (progress, budget, responsible directorate).
pub fn set_implementation(conn: &mut DbConn, actor: &Actor, submission: i64, input: &MilestoneInput) -> AppResult<()> {
    let me = may_write(conn, actor, submission)?;
    let c = check(input, false)?;
    if set_figures(conn, submission, input, c.budget_kurus)? {
        let status = Some(status_now(conn, submission)?);
        record_event(
            conn,
            submission,
            EventKind::ProgressUpdated,
            (status, status),
            Some(EventActor::new(me, "staff")),
            ("", ""),
        )?;
    }
    Ok(())
}

/// The submission a milestone belongs to.
pub fn submission_of(conn: &mut DbConn, milestone: i64) -> AppResult<i64> {
    Ok(milestones::table.find(milestone).select(milestones::submission_id).first(conn)?)
}

/// Before and after photos each of an implementation.
pub const PHOTOS_PER_PHASE: i64 = 6;

/// Whether `actor` may add before/after photos: staff, from approval to completion. Asked
/// before an upload is read, and again when the rows are written.
pub fn may_add_photos(conn: &mut DbConn, actor: &Actor, submission: i64) -> AppResult<i64> {
    let me = actor.require(Role::Staff)?;
    let status = status_now(conn, submission)?;
    if !matches!(status, Status::Approved | Status::Scheduled | Status::InImplementation | Status::Completed) {
        return Err(AppError::Conflict { fields: FieldErrors::single("status", Problem::NotInImplementation) });
    }
    Ok(me)
}

/// Staff add photos of the place before or after the work (photos only, at most
/// `PHOTOS_PER_PHASE` a side); the timeline says so. Returns the implementation.
pub fn add_photos(
    conn: &mut DbConn,
    actor: &Actor,
    submission: i64,
    phase: PhotoPhase,
    items: &[NewMedia],
) -> AppResult<ImplementationView> {
    let me = may_add_photos(conn, actor, submission)?;
    if items.iter().any(|m| m.kind != MediaKind::Photo) {
        return Err(AppError::Validation { fields: FieldErrors::single("photos", Problem::NotAnImage) });
    }
    let existing = media_of(conn, submission, Some(phase))?.len() as i64;
    if existing + items.len() as i64 > PHOTOS_PER_PHASE {
        return Err(AppError::Validation { fields: FieldErrors::single("photos", Problem::TooMany) });
    }
    insert_media(conn, submission, items, existing, Some(phase))?;
    let status = Some(status_now(conn, submission)?);
    record_event(
        conn,
        submission,
        EventKind::PhotosAdded,
        (status, status),
        Some(EventActor::new(me, "staff")),
        ("", ""),
    )?;
    implementation(conn, submission, true)?.ok_or(AppError::Internal)
}
