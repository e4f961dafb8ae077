//! (ssr) Submitting, reading, supporting, following and withdrawing submissions. Every function
//! takes the connection of one transaction (`db::tx`) or a read (`db::read`) and the `Actor`.
use super::model::DetailRow;
use super::{
    CallerRequest, ContactView, Created, EventView, Intake, MediaView, NewSubmission, SubmissionDetail, SupportState,
    TrackView,
};
use crate::auth::Actor;
use crate::db::direct::Direct;
use crate::db::schema::{
    categories, comments, follows, media, neighbourhoods, submission_contacts, submission_events, submissions,
    supports, users,
};
use crate::db::sql::{Bind, Count, Sql};
use crate::db::time::iso;
use crate::db::time::now;
use crate::db::DbConn;
use crate::domain::roles::Role;
use crate::domain::submissions::{check_transition, validate_draft, Kind, RefCode, Status};
use crate::domain::submissions::{Channel, EventKind, FlagTarget, MediaKind, PhotoPhase};
use crate::domain::text::search_text;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::moderation::ModerationState;
use crate::notifications::NotificationKind;
use crate::response_times::service::{due_times, StoredDue};
use crate::settings;
use diesel::prelude::*;
use time::PrimitiveDateTime;

pub const SUMMARY_CHARS: usize = 200;
pub const CONTACT_MAX: usize = 200;

/// The directorate of a category in use; none for an unknown or retired category.
pub(super) fn category_directorate(conn: &mut DbConn, id: i64) -> AppResult<Option<i64>> {
    Ok(categories::table
        .filter(categories::id.eq(id).and(categories::active.eq(true)))
        .select(categories::directorate_id)
        .first(conn)
        .optional()?)
}

/// Whether a neighbourhood exists and is in use.
pub(super) fn neighbourhood_in_use(conn: &mut DbConn, id: i64) -> AppResult<bool> {
    let found: i64 = neighbourhoods::table
        .filter(neighbourhoods::id.eq(id).and(neighbourhoods::active.eq(true)))
        .count()
        .get_result(conn)?;
    Ok(found > 0)
}

/// Checks a new submission: the draft rules, then that the category and neighbourhood exist and
/// are in use. Returns the category's directorate.
fn check_new(conn: &mut DbConn, input: &NewSubmission) -> AppResult<(Kind, i64)> {
    let district = crate::map::service::district_in(conn)?;
    let mut errors = validate_draft(&input.draft(), &district);
    let directorate = match input.category_id {
        None => {
            errors.add("category_id", Problem::Required);
            None
        }
        Some(id) => {
            let d = category_directorate(conn, id)?;
            if d.is_none() {
                errors.add("category_id", Problem::Invalid);
            }
            d
        }
    };
    match input.neighbourhood_id {
        None => errors.add("neighbourhood_id", Problem::Required),
        Some(id) => {
            if !neighbourhood_in_use(conn, id)? {
                errors.add("neighbourhood_id", Problem::Invalid);
            }
        }
    }
    errors.clone().into_result()?;
    match (Kind::parse(&input.kind), directorate) {
        (Some(kind), Some(d)) => Ok((kind, d)),
        _ => Err(AppError::Validation { fields: errors }),
    }
}

/// Checks a submission without sending it (the form's preview): the same rules as `create`.
pub fn check(conn: &mut DbConn, input: &NewSubmission) -> AppResult<()> {
    check_new(conn, input).map(|_| ())
}

fn check_intake(intake: &Intake) -> AppResult<()> {
    let mut errors = FieldErrors::new();
    // Staff record what came in another way: the web form is the citizen's own.
    if Channel::parse(&intake.channel).is_none_or(|c| c == Channel::Web) {
        errors.add("channel", if intake.channel.trim().is_empty() { Problem::Required } else { Problem::Invalid });
    }
    let name = intake.citizen_name.trim().chars().count();
    if name == 0 {
        errors.add("citizen_name", Problem::Required);
    } else if name > CONTACT_MAX {
        errors.add("citizen_name", Problem::TooLong);
    }
    if intake.citizen_contact.trim().chars().count() > CONTACT_MAX {
        errors.add("citizen_contact", Problem::TooLong);
    }
    if intake.consent && intake.citizen_contact.trim().is_empty() {
        errors.add("citizen_contact", Problem::RequiredForConsent);
    }
    errors.into_result()
}

/// The next reference code of `year`, counted in the database so that codes never repeat, even
/// with several app servers.
fn next_reference(conn: &mut DbConn, year: i32) -> AppResult<RefCode> {
    let mut sql = Sql::new(conn.backend());
    sql.push("INSERT INTO reference_counters (year, last_number) VALUES (")
        .int(i64::from(year))
        .push(", 1) ON CONFLICT (year) DO UPDATE SET last_number = reference_counters.last_number + 1 RETURNING last_number AS n");
    let rows: Vec<Count> = sql.load(conn)?;
    let number = rows.first().map(|c| c.n).ok_or(AppError::Internal)?;
    u32::try_from(number)
        .ok()
        .and_then(|n| RefCode::new(u16::try_from(year).unwrap_or(0), n))
        .ok_or_else(|| AppError::internal(format!("reference numbers of {year} are used up")))
}

/// Who acted, as an event records them: shown by role (and directorate), never by name.
#[derive(Debug, Clone, Copy)]
pub struct EventActor<'a> {
    pub id: i64,
    /// `citizen`, `staff`, `chair`
    pub role: &'a str,
    pub directorate: Option<i64>,
}

impl<'a> EventActor<'a> {
    pub fn new(id: i64, role: &'a str) -> Self {
        EventActor { id, role, directorate: None }
    }
}

/// Appends one event to the submission's log (the only way events are written: the database
/// refuses to change or delete them). `notes` are the public note and the staff-only one.
pub fn record_event(
    conn: &mut DbConn,
    submission_id: i64,
    kind: EventKind,
    (from, to): (Option<Status>, Option<Status>),
    actor: Option<EventActor>,
    (public_note, internal_note): (&str, &str),
) -> AppResult<()> {
    let at = now();
    diesel::insert_into(submission_events::table)
        .values((
            submission_events::submission_id.eq(submission_id),
            submission_events::at.eq(at),
            submission_events::kind.eq(kind.as_str()),
            submission_events::from_status.eq(from.map(Status::as_str)),
            submission_events::to_status.eq(to.map(Status::as_str)),
            submission_events::actor_id.eq(actor.map(|a| a.id)),
            submission_events::actor_role.eq(actor.map(|a| a.role)),
            submission_events::actor_directorate_id.eq(actor.and_then(|a| a.directorate)),
            submission_events::public_note.eq(public_note),
            submission_events::internal_note.eq(internal_note),
        ))
        .execute(conn)?;
    // A service request's clock: the first public step by an official is its first response; a
    // status that ends it on the municipality's side is its resolution.
    if to.is_some_and(Status::resolves_request) {
        crate::response_times::service::resolved(conn, submission_id, at)?;
    } else if kind != EventKind::Created && actor.is_some_and(|a| a.role != "citizen") {
        crate::response_times::service::responded(conn, submission_id, at)?;
    }
    Ok(())
}

/// Adds a follow unless it exists.
pub fn follow_row(conn: &mut DbConn, submission_id: i64, user_id: i64) -> AppResult<usize> {
    let mut sql = Sql::new(conn.backend());
    sql.push("INSERT INTO follows (submission_id, user_id, created_at) VALUES (")
        .int(submission_id)
        .push(", ")
        .int(user_id)
        .push(", ")
        .bind(Bind::Time(now()))
        .push(") ON CONFLICT DO NOTHING");
    Ok(sql.execute(conn)?)
}

/// Sends a submission: checks it, gives it its reference code, routes it to its category's
/// directorate and records the first event. With `intake`, a staff member records it for a
/// citizen (no author; the contact is kept apart and private). `client_token` makes a
/// double-clicked form send one submission: the second call returns the first.
pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    input: &NewSubmission,
    intake: Option<&Intake>,
    client_token: Option<&str>,
) -> AppResult<Created> {
    create_once(conn, actor, input, intake, client_token).map(|(created, _)| created)
}

/// `create`, also saying whether this call made the submission (false: a repeated form).
fn create_once(
    conn: &mut DbConn,
    actor: &Actor,
    input: &NewSubmission,
    intake: Option<&Intake>,
    client_token: Option<&str>,
) -> AppResult<(Created, bool)> {
    let user_id = match intake {
        Some(_) => actor.require(Role::Staff)?,
        None => actor.require_writer()?,
    };
    let (kind, directorate_id) = check_new(conn, input)?;
    if let Some(i) = intake {
        check_intake(i)?;
        if let Some(visit) = i.visit_id {
            crate::visits::service::check_for_intake(conn, &i.channel, visit)?;
        }
    }
    let author = if intake.is_some() { None } else { Some(user_id) };
    let token = client_token.map(str::trim).filter(|t| !t.is_empty() && t.len() <= 64);
    if let Some(token) = token {
        // The same form sent again by the same person: its author, or the staff member who
        // recorded it for a caller.
        let mine = match author {
            Some(author) => submissions::table.filter(submissions::author_id.eq(author)).into_boxed(),
            None => submissions::table
                .filter(submissions::author_id.is_null().and(submissions::recorded_by.eq(user_id)))
                .into_boxed(),
        };
        let existing: Option<(i64, Option<String>, String, i64)> = mine
            .filter(submissions::client_token.eq(token))
            .select((submissions::id, submissions::reference, submissions::status, submissions::directorate_id))
            .first(conn)
            .optional()?;
        if let Some((id, reference, status, directorate_id)) = existing {
            let status = Status::stored(&status)?;
            return Ok((created(id, reference.unwrap_or_default(), status, directorate_id), false));
        }
    }
    let at = now();
    let reference = next_reference(conn, at.year())?.to_string();
    let status = kind.initial_status();
    let (first_response_due, resolution_due) = crate::response_times::service::due_at_receipt(conn, kind, at)?;
    let title = input.title.trim();
    let body = input.body.trim();
    // A citizen's text that matches the word list waits for a moderator before it is published
    // (what staff record for a caller is theirs to word).
    let held = match intake {
        Some(_) => None,
        None => crate::moderation::service::held_for(conn, &[title, body])?,
    };
    let id: i64 = diesel::insert_into(submissions::table)
        .values((
            submissions::reference.eq(&reference),
            submissions::kind.eq(kind.as_str()),
            submissions::status.eq(status.as_str()),
            submissions::title.eq(title),
            submissions::body.eq(body),
            submissions::body_html.eq(crate::markdown::render(body)),
            submissions::summary.eq(crate::markdown::plain_summary(body, SUMMARY_CHARS)),
            submissions::search_title.eq(search_text(title)),
            submissions::search_body.eq(search_text(body)),
            submissions::category_id.eq(input.category_id.unwrap_or_default()),
            submissions::neighbourhood_id.eq(input.neighbourhood_id.unwrap_or_default()),
            submissions::directorate_id.eq(directorate_id),
            submissions::lat.eq(input.lat),
            submissions::lon.eq(input.lon),
            submissions::author_id.eq(author),
            submissions::channel.eq(intake.and_then(|i| Channel::parse(&i.channel)).unwrap_or(Channel::Web).as_str()),
            submissions::recorded_by.eq(intake.map(|_| user_id)),
            submissions::client_token.eq(token),
            submissions::created_at.eq(at),
            submissions::updated_at.eq(at),
            submissions::visit_id.eq(intake.and_then(|i| i.visit_id)),
            submissions::first_response_due_at.eq(first_response_due),
            submissions::resolution_due_at.eq(resolution_due),
            submissions::moderation.eq(held.as_ref().map(|_| ModerationState::Pending.as_str())),
        ))
        .returning(submissions::id)
        .get_result(conn)?;
    if let Some(word) = &held {
        crate::moderation::service::hold(conn, FlagTarget::Submission, id, word)?;
    }
    if let Some(i) = intake {
        diesel::insert_into(submission_contacts::table)
            .values((
                submission_contacts::submission_id.eq(id),
                submission_contacts::name.eq(i.citizen_name.trim()),
                submission_contacts::contact.eq(i.citizen_contact.trim()),
                submission_contacts::consent.eq(i.consent),
                submission_contacts::contact_key.eq(crate::domain::submissions::contact_key(&i.citizen_contact)),
            ))
            .execute(conn)?;
        // The entry never holds the private contact itself: only that one was given.
        let detail = format!(
            "channel={}; contact={}; consent={}",
            i.channel,
            if i.citizen_contact.trim().is_empty() { "none" } else { "given" },
            i.consent
        );
        crate::audit::service::record(conn, actor, "intake_recorded", &format!("submission:{id}"), &detail)?;
    }
    let role = if intake.is_some() { "staff" } else { "citizen" };
    record_event(conn, id, EventKind::Created, (None, Some(status)), Some(EventActor::new(user_id, role)), ("", ""))?;
    if intake.is_some() {
        // The receipt, with the tracking code, to a citizen who gave an address and agreed.
        crate::notifications::service::notify_contact(conn, id, None)?;
    }
    if let Some(author) = author {
        follow_row(conn, id, author)?;
    }
    let mut made = created(id, reference, status, directorate_id);
    made.moderation = held.map(|_| ModerationState::Pending);
    Ok((made, true))
}

fn created(id: i64, reference: String, status: Status, directorate_id: i64) -> Created {
    Created { id, url: format!("/submissions/{id}"), reference, status, directorate_id, moderation: None }
}

/// The submission's timeline, oldest first; the staff-only notes when `internal` (staff asking).
/// Officials (staff, evaluators, the chair) are shown by role and directorate, and by name too
/// where the admin setting `timeline_actor_names` says so; citizens never by name.
pub fn events(conn: &mut DbConn, id: i64, internal: bool) -> AppResult<Vec<EventView>> {
    // The actor's name and the setting come with the rows (one statement, not three).
    let rows: Vec<(EventRow, Option<String>, Option<String>)> = submission_events::table
        .left_join(users::table.on(submission_events::actor_id.eq(users::id.nullable())))
        .filter(submission_events::submission_id.eq(id))
        .order(submission_events::id)
        .select((EventColumns::default(), users::display_name.nullable(), actor_names_setting()))
        .load_direct(conn)?;
    let named = rows.first().is_some_and(|(_, _, setting)| names_actors(setting));
    rows.into_iter().map(|(row, name, _)| event_view(row, name, named, internal)).collect()
}

/// A timeline event as stored: (id, at, kind, from, to, actor's role, actor's directorate, public
/// note, internal note).
type EventRow =
    (i64, PrimitiveDateTime, String, Option<String>, Option<String>, Option<String>, Option<i64>, String, String);

/// The columns of an `EventRow` (diesel's columns are values of their own types).
type EventColumns = (
    submission_events::id,
    submission_events::at,
    submission_events::kind,
    submission_events::from_status,
    submission_events::to_status,
    submission_events::actor_role,
    submission_events::actor_directorate_id,
    submission_events::public_note,
    submission_events::internal_note,
);

/// The query of the setting below.
type ActorNamesSetting = diesel::dsl::SingleValue<
    diesel::dsl::Select<
        diesel::dsl::Filter<
            crate::db::schema::settings::table,
            diesel::dsl::Eq<crate::db::schema::settings::key, &'static str>,
        >,
        crate::db::schema::settings::value,
    >,
>;

/// The setting that says whether officials are named in timelines, read with the rows.
fn actor_names_setting() -> ActorNamesSetting {
    crate::db::schema::settings::table
        .filter(crate::db::schema::settings::key.eq(settings::TIMELINE_ACTOR_NAMES.0))
        .select(crate::db::schema::settings::value)
        .single_value()
}

fn names_actors(setting: &Option<String>) -> bool {
    settings::parse_i64(setting.clone(), settings::TIMELINE_ACTOR_NAMES) == 1
}

/// An event as the timeline shows it: an official's name only where the setting names them, the
/// internal note only for staff (`internal`).
fn event_view(row: EventRow, name: Option<String>, named: bool, internal: bool) -> AppResult<EventView> {
    let (id, at, kind, from_status, to_status, actor_role, actor_directorate_id, public_note, internal_note) = row;
    let official = actor_role.as_deref().is_some_and(|r| r != "citizen");
    let status = |s: Option<String>| s.as_deref().map(Status::stored).transpose();
    Ok(EventView {
        id,
        at: iso(at),
        kind: EventKind::stored(&kind)?,
        from_status: status(from_status)?,
        to_status: status(to_status)?,
        actor_name: name.filter(|_| named && official),
        actor_role,
        actor_directorate_id,
        public_note,
        internal_note: internal.then_some(internal_note),
    })
}

/// A submission's photos and videos (`phase` None: the author's own), or the before or after
/// photos of its implementation.
pub fn media_of(conn: &mut DbConn, id: i64, phase: Option<PhotoPhase>) -> AppResult<Vec<MediaView>> {
    Ok(media_by_phase(conn, id)?.into_iter().filter(|(p, _)| *p == phase).map(|(_, m)| m).collect())
}

/// Every photo and video of a submission in order, each with its phase (none: the citizen's
/// own): one statement, prepared once per connection, for all the galleries of a page.
pub fn media_by_phase(conn: &mut DbConn, id: i64) -> AppResult<Vec<(Option<PhotoPhase>, MediaView)>> {
    type Row = (i64, String, String, Option<String>, Option<i64>, Option<i64>, Option<String>);
    let rows: Vec<Row> = media::table
        .filter(media::submission_id.eq(id))
        .order((media::position, media::id))
        .select((
            media::id,
            media::kind,
            media::file_name,
            media::thumb_name,
            media::width,
            media::height,
            media::phase,
        ))
        .load_direct(conn)?;
    rows.into_iter()
        .map(|(id, kind, file, thumb, width, height, phase)| {
            let view = MediaView {
                id,
                kind: MediaKind::stored(&kind)?,
                url: format!("/media/{file}"),
                thumb_url: thumb.map(|t| format!("/media/{t}")),
                width,
                height,
            };
            Ok((phase.as_deref().map(PhotoPhase::stored).transpose()?, view))
        })
        .collect()
}

/// Writes the rows of files already on disk, numbered on from `first`.
pub fn insert_media(
    conn: &mut DbConn,
    id: i64,
    items: &[NewMedia],
    first: i64,
    phase: Option<PhotoPhase>,
) -> AppResult<()> {
    let at = now();
    for (i, m) in items.iter().enumerate() {
        diesel::insert_into(media::table)
            .values((
                media::submission_id.eq(id),
                media::kind.eq(m.kind.as_str()),
                media::position.eq(first + i as i64),
                media::file_name.eq(&m.file_name),
                media::thumb_name.eq(&m.thumb_name),
                media::media_type.eq(&m.media_type),
                media::width.eq(m.width),
                media::height.eq(m.height),
                media::bytes.eq(m.bytes),
                media::created_at.eq(at),
                media::phase.eq(phase.map(|p| p.as_str())),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// A submission's public page. Drafts are seen by their author only (others get 404).
pub fn detail(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<SubmissionDetail> {
    // The author's name comes with the row (one trip, not two).
    // The support threshold too: a setting, read with the row.
    let threshold = crate::db::schema::settings::table
        .filter(crate::db::schema::settings::key.eq(settings::SUPPORT_THRESHOLD.0))
        .select(crate::db::schema::settings::value)
        .single_value();
    // Whether the person asking supports and follows it, too (0 is nobody's id: a visitor does
    // neither).
    let me = actor.user_id();
    let viewer = me.unwrap_or(0);
    let supported =
        diesel::dsl::exists(supports::table.filter(supports::submission_id.eq(id).and(supports::user_id.eq(viewer))));
    let followed =
        diesel::dsl::exists(follows::table.filter(follows::submission_id.eq(id).and(follows::user_id.eq(viewer))));
    // Whether there are photos and comments to read: most submissions have neither, and each
    // read is a trip to PostgreSQL.
    let any_media = diesel::dsl::exists(media::table.filter(media::submission_id.eq(id)));
    let any_comments = diesel::dsl::exists(comments::table.filter(comments::submission_id.eq(id)));
    // And the timeline: a row per event (a submission has a few), each with its actor's name.
    diesel::alias!(users as actors: Actors);
    type Found = (
        DetailRow,
        Option<String>,
        Option<String>,
        bool,
        bool,
        bool,
        bool,
        Option<EventRow>,
        Option<String>,
        Option<String>,
    );
    let mut rows: Vec<Found> = submissions::table
        .left_join(users::table.on(submissions::author_id.eq(users::id.nullable())))
        .left_join(submission_events::table.on(submission_events::submission_id.eq(submissions::id)))
        .left_join(actors.on(submission_events::actor_id.eq(actors.field(users::id).nullable())))
        .filter(submissions::id.eq(id))
        .order(submission_events::id)
        .select((
            (
                submissions::id,
                submissions::reference,
                submissions::kind,
                submissions::status,
                submissions::title,
                submissions::body,
                submissions::body_html,
                submissions::category_id,
                submissions::neighbourhood_id,
                submissions::directorate_id,
                submissions::lat,
                submissions::lon,
                submissions::author_id,
                submissions::channel,
                submissions::support_count,
                submissions::comment_count,
                submissions::queued_at,
                submissions::created_at,
                submissions::updated_at,
                submissions::first_response_due_at,
                submissions::resolution_due_at,
                submissions::first_response_at,
                submissions::resolved_at,
                submissions::moderation,
            ),
            users::display_name.nullable(),
            threshold,
            supported,
            followed,
            any_media,
            any_comments,
            EventColumns::default().nullable(),
            actors.field(users::display_name).nullable(),
            actor_names_setting(),
        ))
        .load_direct(conn)?;
    let named = rows.first().is_some_and(|r| names_actors(&r.9));
    let staff = actor.has(Role::Staff);
    let mut events = Vec::with_capacity(rows.len());
    for found in rows.iter_mut() {
        if let Some(event) = found.7.take() {
            events.push(event_view(event, found.8.take(), named, staff)?);
        }
    }
    let Some((row, author_name, threshold, supported_by_me, following, has_media, has_comments, ..)) =
        rows.into_iter().next()
    else {
        return Err(AppError::NotFound);
    };
    let is_author = me.is_some() && row.author_id == me;
    let status = Status::stored(&row.status)?;
    let moderation = match row.moderation.as_deref().map(ModerationState::stored).transpose()? {
        // What waits for a moderator before publication is not there for anyone else.
        Some(ModerationState::Pending) if !is_author && !staff => return Err(AppError::NotFound),
        Some(state) => {
            crate::moderation::service::placeholders(conn, FlagTarget::Submission, &[(id, state)])?.remove(&id)
        }
        None => None,
    };
    // The public reads the placeholder in place of what was hidden.
    let masked = moderation.is_some() && !is_author && !staff;
    let mut row = row;
    if masked {
        row.title.clear();
        row.body.clear();
        row.body_html.clear();
        row.lat = None;
        row.lon = None;
    }
    // A merge moves the duplicate to `merged` and writes an event on the original: without
    // either there is no merge to read.
    let merged = status == Status::Merged || events.iter().any(|e| e.kind == EventKind::DuplicateMerged);
    Ok(SubmissionDetail {
        id: row.id,
        reference: row.reference.unwrap_or_default(),
        kind: Kind::stored(&row.kind)?,
        status,
        title: row.title,
        body: row.body,
        body_html: row.body_html,
        category_id: row.category_id,
        neighbourhood_id: row.neighbourhood_id,
        directorate_id: row.directorate_id,
        lat: row.lat,
        lon: row.lon,
        author_name,
        channel: Channel::stored(&row.channel)?,
        support_count: row.support_count,
        comment_count: row.comment_count,
        support_threshold: settings::parse_i64(threshold, settings::SUPPORT_THRESHOLD),
        queued_at: row.queued_at.map(iso),
        supported_by_me,
        following,
        is_author,
        created_at: iso(row.created_at),
        updated_at: iso(row.updated_at),
        due: due_times(
            row.created_at,
            (row.first_response_due_at, row.resolution_due_at, row.first_response_at, row.resolved_at),
            status.is_open(),
        ),
        events,
        media: if masked || !has_media { Vec::new() } else { media_of(conn, id, None)? },
        moderation,
        merges: if merged { crate::moderation::service::merges_of(conn, id)? } else { Default::default() },
        has_comments,
        has_media,
    })
}

/// The public tracking view of a reference code (no account needed).
pub fn track(conn: &mut DbConn, reference: &str) -> AppResult<TrackView> {
    let code = RefCode::parse(reference).ok_or(AppError::NotFound)?;
    type Row = (i64, String, String, String, i64, PrimitiveDateTime, PrimitiveDateTime, StoredDue, Option<String>);
    let (id, kind, status, title, directorate_id, created_at, updated_at, due, moderation): Row = submissions::table
        .filter(submissions::reference.eq(code.to_string()))
        .select((
            submissions::id,
            submissions::kind,
            submissions::status,
            submissions::title,
            submissions::directorate_id,
            submissions::created_at,
            submissions::updated_at,
            (
                submissions::first_response_due_at,
                submissions::resolution_due_at,
                submissions::first_response_at,
                submissions::resolved_at,
            ),
            submissions::moderation,
        ))
        .first(conn)?;
    let status = Status::stored(&status)?;
    // Tracking shows where a request stands, never what is out of public view: no title for one
    // a moderator hid, nothing at all for one waiting for a moderator (its author reads its page).
    let title = match moderation.as_deref().map(ModerationState::stored).transpose()? {
        Some(ModerationState::Pending) => return Err(AppError::NotFound),
        Some(_) => String::new(),
        None => title,
    };
    Ok(TrackView {
        id,
        reference: code.to_string(),
        kind: Kind::stored(&kind)?,
        status,
        title,
        directorate_id,
        created_at: iso(created_at),
        updated_at: iso(updated_at),
        due: due_times(created_at, due, status.is_open()),
        events: events(conn, id, false)?,
    })
}

/// The status and author of a submission, for the writes below.
pub(crate) fn status_of(conn: &mut DbConn, id: i64) -> AppResult<(Status, Option<i64>)> {
    let (status, author): (String, Option<i64>) =
        submissions::table.find(id).select((submissions::status, submissions::author_id)).first(conn)?;
    Ok((Status::stored(&status)?, author))
}

/// The status of a submission someone is about to write on (support, follow, comment): one
/// waiting for a moderator is not there for anyone but its author and the moderators, and one
/// out of public view takes no new support or comment (`Closed`; `following` is still allowed).
pub(crate) fn writable(conn: &mut DbConn, actor: &Actor, id: i64, following: bool) -> AppResult<Status> {
    let (status, author, moderation): (String, Option<i64>, Option<String>) = submissions::table
        .find(id)
        .select((submissions::status, submissions::author_id, submissions::moderation))
        .first(conn)?;
    let insider = actor.has(Role::Staff) || (author.is_some() && author == actor.user_id());
    match moderation.as_deref().map(ModerationState::stored).transpose()? {
        Some(ModerationState::Pending) if !insider => Err(AppError::NotFound),
        Some(_) if !following => Err(AppError::Conflict { fields: FieldErrors::single("status", Problem::Closed) }),
        _ => Status::stored(&status),
    }
}

/// Supports (`on`) or withdraws the support of the signed-in user. Idempotent: supporting twice
/// is one support, held by the table's primary key; the count moves only when a row was
/// really added or removed, in the same transaction. Reaching the threshold queues the
/// submission for the committee once, with an event.
pub fn set_support(conn: &mut DbConn, actor: &Actor, id: i64, on: bool) -> AppResult<SupportState> {
    let user = if on { actor.require_writer()? } else { actor.require_user()? };
    let status = writable(conn, actor, id, !on)?;
    if !status.accepts_support() {
        return Err(AppError::Conflict { fields: FieldErrors::single("support", Problem::Closed) });
    }
    let changed = if on {
        let mut sql = Sql::new(conn.backend());
        sql.push("INSERT INTO supports (submission_id, user_id, created_at) VALUES (")
            .int(id)
            .push(", ")
            .int(user)
            .push(", ")
            .bind(Bind::Time(now()))
            .push(") ON CONFLICT DO NOTHING");
        sql.execute(conn)?
    } else {
        diesel::delete(supports::table.filter(supports::submission_id.eq(id).and(supports::user_id.eq(user))))
            .execute(conn)?
    };
    let delta: i64 = if changed == 0 {
        0
    } else if on {
        1
    } else {
        -1
    };
    let (count, queued): (i64, Option<PrimitiveDateTime>) = diesel::update(submissions::table.find(id))
        .set(submissions::support_count.eq(submissions::support_count + delta))
        .returning((submissions::support_count, submissions::queued_at))
        .get_result(conn)?;
    let mut reached_threshold = false;
    if delta > 0 && queued.is_none() && count >= settings::get_i64(conn, settings::SUPPORT_THRESHOLD)? {
        diesel::update(submissions::table.find(id)).set(submissions::queued_at.eq(Some(now()))).execute(conn)?;
        record_event(conn, id, EventKind::QueuedForCommittee, (Some(status), Some(status)), None, ("", ""))?;
        crate::notifications::service::notify_followers(conn, id, None, NotificationKind::Evaluation, "queued")?;
        reached_threshold = true;
    }
    Ok(SupportState { supported_by_me: on, support_count: count, reached_threshold })
}

/// Follows (`on`) or unfollows a submission; idempotent.
pub fn set_follow(conn: &mut DbConn, actor: &Actor, id: i64, on: bool) -> AppResult<bool> {
    let user = actor.require_user()?;
    writable(conn, actor, id, true)?;
    if on {
        follow_row(conn, id, user)?;
    } else {
        diesel::delete(follows::table.filter(follows::submission_id.eq(id).and(follows::user_id.eq(user))))
            .execute(conn)?;
    }
    Ok(on)
}

/// The author withdraws their submission: it stays public, as withdrawn, with its history.
pub fn withdraw(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<Status> {
    let user = actor.require_user()?;
    let (status, author) = status_of(conn, id)?;
    if author != Some(user) {
        return Err(AppError::Forbidden);
    }
    let kind: String = submissions::table.find(id).select(submissions::kind).first(conn)?;
    let track = Kind::stored(&kind)?.track();
    check_transition(track, status, Status::Withdrawn)
        .map_err(|_| AppError::Conflict { fields: FieldErrors::single("status", Problem::CannotWithdraw) })?;
    change_status(conn, id, status, Status::Withdrawn, Some(EventActor::new(user, "citizen")), ("", ""))?;
    Ok(Status::Withdrawn)
}

/// Moves a submission to `to` (already checked), records the event with its public and
/// staff-only notes and tells its followers.
pub fn change_status(
    conn: &mut DbConn,
    id: i64,
    from: Status,
    to: Status,
    actor: Option<EventActor>,
    notes: (&str, &str),
) -> AppResult<()> {
    diesel::update(submissions::table.find(id))
        .set((submissions::status.eq(to.as_str()), submissions::updated_at.eq(now())))
        .execute(conn)?;
    record_event(conn, id, EventKind::StatusChanged, (Some(from), Some(to)), actor, notes)?;
    crate::notifications::service::notify_followers(
        conn,
        id,
        actor.map(|a| a.id),
        NotificationKind::Status,
        to.as_str(),
    )?;
    Ok(())
}

/// `create` in its own transaction; listing totals are counted again afterwards.
pub async fn submit(
    pool: &crate::db::Pool,
    actor: Actor,
    input: NewSubmission,
    intake: Option<Intake>,
    client_token: Option<String>,
) -> AppResult<Created> {
    let created =
        crate::db::tx(pool, move |c| create(c, &actor, &input, intake.as_ref(), client_token.as_deref())).await?;
    pool.caches().clear_counts();
    Ok(created)
}

/// `create` and `add_media` in one transaction: a submission whose media cannot be attached is
/// not sent at all. With `draft`, the user's draft of that id is removed with it (someone
/// else's draft refuses the whole send). Returns whether the media were attached (not when the form was a repeat
/// of one already sent: its files belong to nothing and the caller removes them).
pub async fn submit_with_media(
    pool: &crate::db::Pool,
    actor: Actor,
    send: ToSend,
    media: Vec<NewMedia>,
) -> AppResult<(Created, bool)> {
    let done = crate::db::tx(pool, move |c| {
        let (created, fresh) = create_once(c, &actor, &send.input, send.intake.as_ref(), send.client_token.as_deref())?;
        if fresh {
            if let Some(draft) = send.draft {
                super::drafts::remove_sent(c, &actor, draft)?;
            }
            if !media.is_empty() {
                add_media(c, &actor, created.id, &media)?;
            }
        }
        Ok((created, fresh))
    })
    .await?;
    pool.caches().clear_counts();
    Ok(done)
}

/// Sends a saved draft as it is (the JSON API's publish): every rule of a new submission
/// applies, and the draft is removed in the same transaction (through `submit_with_media`, as
/// the form sends an edited draft).
pub async fn publish_draft(pool: &crate::db::Pool, actor: Actor, id: i64) -> AppResult<Created> {
    let reader = actor.clone();
    let draft = crate::db::read(pool, move |c| super::drafts::get(c, &reader, id)).await?;
    let send = ToSend { input: super::drafts::as_submission(&draft), draft: Some(id), ..Default::default() };
    submit_with_media(pool, actor, send, Vec::new()).await.map(|(created, _)| created)
}

/// What a submission form sends: the submission, staff intake details, the form's double-submit
/// token and the draft it was written from.
#[derive(Debug, Clone, Default)]
pub struct ToSend {
    pub input: NewSubmission,
    pub intake: Option<Intake>,
    pub client_token: Option<String>,
    pub draft: Option<i64>,
}

/// `withdraw` in its own transaction; listing totals are counted again afterwards.
pub async fn withdraw_tx(pool: &crate::db::Pool, actor: Actor, id: i64) -> AppResult<Status> {
    let status = crate::db::tx(pool, move |c| withdraw(c, &actor, id)).await?;
    pool.caches().clear_counts();
    Ok(status)
}

/// The private name and contact a citizen gave staff at intake, for staff only; every read is
/// audited. `NotFound` when the submission has none.
pub fn contact(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<ContactView> {
    actor.require(Role::Staff)?;
    let row: Option<(String, String, bool)> = submission_contacts::table
        .find(id)
        .select((submission_contacts::name, submission_contacts::contact, submission_contacts::consent))
        .first(conn)
        .optional()?;
    let (name, contact, consent) = row.ok_or(AppError::NotFound)?;
    crate::audit::service::record(conn, actor, "contact_read", &format!("submission:{id}"), "")?;
    Ok(ContactView { name, contact, consent })
}

/// The requests staff took earlier for the caller with this phone number or e-mail address
/// (however it is typed), newest first: so a second call about the same thing is followed, not
/// recorded again. Staff only; every lookup is audited (the contact itself is not written to the
/// log). A contact that is neither a phone number nor an address is `contact`'s problem.
pub fn caller_history(conn: &mut DbConn, actor: &Actor, contact: &str) -> AppResult<Vec<CallerRequest>> {
    actor.require(Role::Staff)?;
    let key = crate::domain::submissions::contact_key(contact)
        .ok_or_else(|| AppError::Validation { fields: FieldErrors::single("contact", Problem::Invalid) })?;
    type Row = (i64, Option<String>, String, String, String, PrimitiveDateTime);
    let rows: Vec<Row> = submissions::table
        .inner_join(submission_contacts::table)
        .filter(submission_contacts::contact_key.eq(&key))
        .order((submissions::created_at.desc(), submissions::id.desc()))
        .limit(50)
        .select((
            submissions::id,
            submissions::reference,
            submissions::title,
            submissions::kind,
            submissions::status,
            submissions::created_at,
        ))
        .load(conn)?;
    crate::audit::service::record(
        conn,
        actor,
        "caller_lookup",
        "submission_contacts",
        &format!("found={}", rows.len()),
    )?;
    rows.into_iter()
        .map(|(id, reference, title, kind, status, created_at)| {
            Ok(CallerRequest {
                id,
                reference: reference.unwrap_or_default(),
                title,
                kind: Kind::stored(&kind)?,
                status: Status::stored(&status)?,
                created_at: iso(created_at),
            })
        })
        .collect()
}

/// Gives the contacts taken before `contact_key` existed their key; returns how many.
pub fn backfill_contact_keys(conn: &mut DbConn) -> AppResult<usize> {
    let rows: Vec<(i64, String)> = submission_contacts::table
        .filter(submission_contacts::contact_key.is_null().and(submission_contacts::contact.ne("")))
        .select((submission_contacts::submission_id, submission_contacts::contact))
        .load(conn)?;
    let mut n = 0;
    for (id, contact) in rows {
        if let Some(key) = crate::domain::submissions::contact_key(&contact) {
            n += diesel::update(submission_contacts::table.find(id))
                .set(submission_contacts::contact_key.eq(key))
                .execute(conn)?;
        }
    }
    Ok(n)
}

/// A photo or video already checked and written to disk, to attach to a submission.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMedia {
    pub kind: MediaKind,
    pub media_type: String,
    pub file_name: String,
    pub thumb_name: Option<String>,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub bytes: i64,
}

pub const MAX_PHOTOS: i64 = 5;
pub const MAX_VIDEOS: i64 = 1;

/// Whether `actor` may attach files to submission `id`: its author (or staff), while it is open.
/// Asked before an upload is read, and again when the rows are written.
pub fn may_add_media(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<()> {
    let me = actor.require_writer()?;
    let (status, author) = status_of(conn, id)?;
    if author != Some(me) && !actor.has(Role::Staff) {
        return Err(AppError::Forbidden);
    }
    if !status.is_open() {
        return Err(AppError::Conflict { fields: FieldErrors::single("status", Problem::Closed) });
    }
    Ok(())
}

/// Attaches media to a submission: its author (or staff) only, at most five photos and one
/// video in all.
pub fn add_media(conn: &mut DbConn, actor: &Actor, id: i64, items: &[NewMedia]) -> AppResult<Vec<MediaView>> {
    may_add_media(conn, actor, id)?;
    let existing: Vec<String> =
        media::table.filter(media::submission_id.eq(id).and(media::phase.is_null())).select(media::kind).load(conn)?;
    let existing = existing.iter().map(|k| MediaKind::stored(k)).collect::<AppResult<Vec<_>>>()?;
    let count =
        |kind: MediaKind| existing.iter().chain(items.iter().map(|m| &m.kind)).filter(|k| **k == kind).count() as i64;
    let (photos, videos) = (count(MediaKind::Photo), count(MediaKind::Video));
    let mut errors = FieldErrors::new();
    if photos > MAX_PHOTOS {
        errors.add("photos", Problem::TooMany);
    }
    if videos > MAX_VIDEOS {
        errors.add("video", Problem::TooMany);
    }
    errors.into_result()?;
    insert_media(conn, id, items, existing.len() as i64, None)?;
    media_of(conn, id, None)
}
