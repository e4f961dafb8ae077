//! (ssr) Writing, editing, deleting and listing comments. Text that matches the word list waits
//! for a moderator (`moderation`) before anyone else reads it.
use super::{CommentView, NewComment, BODY_MAX, EDIT_WINDOW_SECS};
use crate::auth::Actor;
use crate::db::direct::Direct;
use crate::db::schema::{comments, submissions, users};
use crate::db::time::iso;
use crate::db::time::now;
use crate::db::DbConn;
use crate::domain::roles::Role;
use crate::domain::submissions::FlagTarget;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::moderation::{ModerationState, Placeholder};
use crate::notifications::NotificationKind;
use diesel::prelude::*;
use std::collections::HashMap;
use time::PrimitiveDateTime;

fn check_body(body: &str) -> AppResult<()> {
    let n = body.trim().chars().count();
    if n == 0 {
        return Err(AppError::Validation { fields: FieldErrors::single("body", Problem::CommentRequired) });
    }
    if n > BODY_MAX {
        return Err(AppError::Validation { fields: FieldErrors::single("body", Problem::CommentTooLong) });
    }
    Ok(())
}

type Row = (
    i64,
    Option<i64>,
    i64,
    String,
    String,
    String,
    bool,
    PrimitiveDateTime,
    Option<PrimitiveDateTime>,
    Option<PrimitiveDateTime>,
    Option<String>,
);

fn editable(created: PrimitiveDateTime) -> bool {
    (now() - created).whole_seconds() < EDIT_WINDOW_SECS
}

/// A comment as `me` reads it. One out of public view shows its placeholder (`shown`), unless
/// `me` wrote it or moderates (`insider`): they read the original with its state.
fn view(row: Row, me: Option<i64>, staff: bool, placeholder: Option<&Placeholder>) -> CommentView {
    let (id, parent_id, author_id, author_name, body, body_html, official, created_at, edited_at, deleted_at, _) = row;
    let deleted = deleted_at.is_some();
    let mine = me == Some(author_id);
    let masked = placeholder.is_some() && !mine && !staff;
    CommentView {
        id,
        parent_id,
        author_name,
        official,
        body_html: if deleted || masked { String::new() } else { body_html },
        body: if mine && !deleted { body } else { String::new() },
        deleted,
        edited: edited_at.is_some(),
        created_at: iso(created_at),
        mine,
        can_edit: mine && !deleted && editable(created_at),
        replies: Vec::new(),
        moderation: placeholder.map(|p| p.state),
        moderation_reason: placeholder.map(|p| p.reason.clone()).unwrap_or_default(),
    }
}

/// The placeholders of the comments among `rows` that are out of public view.
fn placeholders_of(conn: &mut DbConn, rows: &[Row]) -> AppResult<HashMap<i64, Placeholder>> {
    let states: Vec<(i64, ModerationState)> = rows
        .iter()
        .filter_map(|r| r.10.as_deref().map(|s| ModerationState::stored(s).map(|s| (r.0, s))))
        .collect::<AppResult<_>>()?;
    if states.is_empty() {
        return Ok(HashMap::new());
    }
    crate::moderation::service::placeholders(conn, FlagTarget::Comment, &states)
}

// A plain query rather than a boxed one: diesel keeps it prepared (a submission's page reads its
// comments every time it is shown).
fn of_submission(conn: &mut DbConn, submission: i64) -> AppResult<Vec<Row>> {
    Ok(comments::table
        .inner_join(users::table.on(users::id.eq(comments::author_id)))
        .filter(comments::submission_id.eq(submission))
        .select((
            comments::id,
            comments::parent_id,
            comments::author_id,
            users::display_name,
            comments::body,
            comments::body_html,
            comments::official,
            comments::created_at,
            comments::edited_at,
            comments::deleted_at,
            comments::moderation,
        ))
        .order(comments::id)
        .load_direct(conn)?)
}

/// One comment's row, read with its submission's (only after a write, so not worth a query of
/// its own).
fn by_id(conn: &mut DbConn, id: i64) -> AppResult<Vec<Row>> {
    let submission: i64 = comments::table.find(id).select(comments::submission_id).first(conn)?;
    Ok(of_submission(conn, submission)?.into_iter().filter(|r| r.0 == id).collect())
}

/// The comments of a submission: official answers first, then oldest first; replies under their
/// comment, oldest first.
pub fn list(conn: &mut DbConn, actor: &Actor, submission_id: i64) -> AppResult<Vec<CommentView>> {
    crate::submissions::service::writable(conn, actor, submission_id, true)?;
    conversation(conn, actor, submission_id)
}

/// The conversation of a submission the caller has already read as shown to `actor` (its page
/// reads the submission first): `list` without asking again whether it may be seen.
pub fn conversation(conn: &mut DbConn, actor: &Actor, submission_id: i64) -> AppResult<Vec<CommentView>> {
    let me = actor.user_id();
    let staff = actor.has(Role::Staff);
    let rows = of_submission(conn, submission_id)?;
    let placeholders = placeholders_of(conn, &rows)?;
    let mut top: Vec<CommentView> = Vec::new();
    let mut replies: Vec<CommentView> = Vec::new();
    for row in rows {
        let placeholder = placeholders.get(&row.0);
        // What waits for a moderator before publication is read by its author and moderators only.
        if placeholder.is_some_and(|p| p.state == ModerationState::Pending) && me != Some(row.2) && !staff {
            continue;
        }
        let v = view(row, me, staff, placeholder);
        if v.parent_id.is_some() {
            replies.push(v);
        } else {
            top.push(v);
        }
    }
    for r in replies {
        if let Some(parent) = top.iter_mut().find(|t| Some(t.id) == r.parent_id) {
            parent.replies.push(r);
        }
    }
    top.sort_by_key(|c| (!c.official, c.id));
    Ok(top)
}

fn one(conn: &mut DbConn, id: i64, me: Option<i64>) -> AppResult<CommentView> {
    let rows = by_id(conn, id)?;
    let placeholders = placeholders_of(conn, &rows)?;
    rows.into_iter()
        .next()
        .map(|r| {
            let p = placeholders.get(&r.0).cloned();
            view(r, me, false, p.as_ref())
        })
        .ok_or(AppError::NotFound)
}

/// Writes a comment (or a reply to a top-level comment). The writer starts following the
/// submission; its author and followers are notified.
pub fn add(conn: &mut DbConn, actor: &Actor, submission_id: i64, input: &NewComment) -> AppResult<CommentView> {
    let me = actor.require_writer()?;
    let status = crate::submissions::service::writable(conn, actor, submission_id, false)?;
    // A withdrawn or closed submission keeps its conversation as it was.
    if !status.is_open() {
        return Err(AppError::Conflict { fields: FieldErrors::single("status", Problem::Closed) });
    }
    if input.official && !actor.has(Role::Staff) {
        return Err(AppError::Forbidden);
    }
    check_body(&input.body)?;
    if let Some(parent) = input.parent_id {
        let parent_row: Option<(i64, Option<i64>)> = comments::table
            .find(parent)
            .select((comments::submission_id, comments::parent_id))
            .first(conn)
            .optional()?;
        if !matches!(parent_row, Some((s, None)) if s == submission_id) {
            return Err(AppError::Validation { fields: FieldErrors::single("parent_id", Problem::Invalid) });
        }
    }
    let body = input.body.trim();
    let at = now();
    // Staff answer for the municipality; a citizen's text that matches the word list waits for a
    // moderator, and is neither counted nor announced until it is published.
    let held = if actor.has(Role::Staff) { None } else { crate::moderation::service::held_for(conn, &[body])? };
    let id: i64 = diesel::insert_into(comments::table)
        .values((
            comments::submission_id.eq(submission_id),
            comments::parent_id.eq(input.parent_id),
            comments::author_id.eq(me),
            comments::body.eq(body),
            comments::body_html.eq(crate::markdown::render(body)),
            comments::official.eq(input.official),
            comments::created_at.eq(at),
            comments::moderation.eq(held.as_ref().map(|_| ModerationState::Pending.as_str())),
        ))
        .returning(comments::id)
        .get_result(conn)?;
    if let Some(word) = held {
        crate::moderation::service::hold(conn, FlagTarget::Comment, id, &word)?;
        crate::submissions::service::follow_row(conn, submission_id, me)?;
        return one(conn, id, Some(me));
    }
    diesel::update(submissions::table.find(submission_id))
        .set(submissions::comment_count.eq(submissions::comment_count + 1))
        .execute(conn)?;
    let kind = if input.official { NotificationKind::OfficialAnswer } else { NotificationKind::Comment };
    if input.official {
        let subject = format!("submission:{submission_id}");
        crate::audit::service::record(conn, actor, "official_answer", &subject, &format!("comment:{id}"))?;
        // An official answer is a service request's first response.
        crate::response_times::service::responded(conn, submission_id, at)?;
    }
    crate::notifications::service::notify_followers(conn, submission_id, Some(me), kind, "")?;
    crate::submissions::service::follow_row(conn, submission_id, me)?;
    one(conn, id, Some(me))
}

fn own(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<(i64, PrimitiveDateTime, bool)> {
    let me = actor.require_user()?;
    let (author, created, deleted): (i64, PrimitiveDateTime, Option<PrimitiveDateTime>) = comments::table
        .find(id)
        .select((comments::author_id, comments::created_at, comments::deleted_at))
        .first(conn)?;
    if author != me {
        return Err(AppError::Forbidden);
    }
    Ok((me, created, deleted.is_some()))
}

/// The author edits a comment within ten minutes of writing it.
pub fn edit(conn: &mut DbConn, actor: &Actor, id: i64, body: &str) -> AppResult<CommentView> {
    let (me, created, deleted) = own(conn, actor, id)?;
    actor.require_writer()?;
    if deleted || !editable(created) {
        return Err(AppError::Conflict { fields: FieldErrors::single("body", Problem::EditWindowPassed) });
    }
    check_body(body)?;
    // An edit that brings in a listed word takes the comment out of view until a moderator looks.
    if !actor.has(Role::Staff) {
        if let Some(word) = crate::moderation::service::held_for(conn, &[body.trim()])? {
            let state: Option<String> = comments::table.find(id).select(comments::moderation).first(conn)?;
            if state.is_none() {
                diesel::update(comments::table.find(id))
                    .set(comments::moderation.eq(Some(ModerationState::Pending.as_str())))
                    .execute(conn)?;
                crate::moderation::service::hold(conn, FlagTarget::Comment, id, &word)?;
                // Counted again when it is published.
                let submission: i64 = comments::table.find(id).select(comments::submission_id).first(conn)?;
                crate::moderation::service::count_comment(conn, submission, -1)?;
            }
        }
    }
    diesel::update(comments::table.find(id))
        .set((
            comments::body.eq(body.trim()),
            comments::body_html.eq(crate::markdown::render(body.trim())),
            comments::edited_at.eq(Some(now())),
        ))
        .execute(conn)?;
    one(conn, id, Some(me))
}

/// The author deletes a comment: it is kept, but shows as a placeholder.
pub fn delete(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<()> {
    let (_, _, deleted) = own(conn, actor, id)?;
    if !deleted {
        diesel::update(comments::table.find(id)).set(comments::deleted_at.eq(Some(now()))).execute(conn)?;
    }
    Ok(())
}

/// The submission a comment belongs to.
pub fn submission_of(conn: &mut DbConn, comment_id: i64) -> AppResult<Option<i64>> {
    Ok(comments::table.find(comment_id).select(comments::submission_id).first(conn).optional()?)
}
