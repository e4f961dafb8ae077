//! (ssr) Writing, editing, deleting, listing and flagging comments.
use super::{CommentView, NewComment, BODY_MAX, EDIT_WINDOW_SECS, REASON_MAX};
use crate::auth::Actor;
use crate::db::schema::{comments, submissions, users};
use crate::db::sql::{Bind, Sql};
use crate::db::time::iso;
use crate::db::time::now;
use crate::db::DbConn;
use crate::domain::roles::Role;
use crate::domain::submissions::{FlagTarget, Status};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::notifications::NotificationKind;
use diesel::prelude::*;
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

/// The submission must exist and be public (a draft only for its author).
fn visible_submission(conn: &mut DbConn, id: i64) -> AppResult<Status> {
    let status: String = submissions::table.find(id).select(submissions::status).first(conn)?;
    Status::stored(&status)
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
);

fn editable(created: PrimitiveDateTime) -> bool {
    (now() - created).whole_seconds() < EDIT_WINDOW_SECS
}

fn view(row: Row, me: Option<i64>) -> CommentView {
    let (id, parent_id, author_id, author_name, body, body_html, official, created_at, edited_at, deleted_at) = row;
    let deleted = deleted_at.is_some();
    let mine = me == Some(author_id);
    CommentView {
        id,
        parent_id,
        author_name,
        official,
        body_html: if deleted { String::new() } else { body_html },
        body: if mine && !deleted { body } else { String::new() },
        deleted,
        edited: edited_at.is_some(),
        created_at: iso(created_at),
        mine,
        can_edit: mine && !deleted && editable(created_at),
        replies: Vec::new(),
    }
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
        ))
        .order(comments::id)
        .load(conn)?)
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
    visible_submission(conn, submission_id)?;
    conversation(conn, actor, submission_id)
}

/// The conversation of a submission the caller has already read as shown to `actor` (its page
/// reads the submission first): `list` without asking again whether it may be seen.
pub fn conversation(conn: &mut DbConn, actor: &Actor, submission_id: i64) -> AppResult<Vec<CommentView>> {
    let me = actor.user_id();
    let rows = of_submission(conn, submission_id)?;
    let mut top: Vec<CommentView> = Vec::new();
    let mut replies: Vec<CommentView> = Vec::new();
    for row in rows {
        let v = view(row, me);
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
    by_id(conn, id)?.into_iter().next().map(|r| view(r, me)).ok_or(AppError::NotFound)
}

/// Writes a comment (or a reply to a top-level comment). The writer starts following the
/// submission; its author and followers are notified.
pub fn add(conn: &mut DbConn, actor: &Actor, submission_id: i64, input: &NewComment) -> AppResult<CommentView> {
    let me = actor.require_user()?;
    let status = visible_submission(conn, submission_id)?;
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
    let id: i64 = diesel::insert_into(comments::table)
        .values((
            comments::submission_id.eq(submission_id),
            comments::parent_id.eq(input.parent_id),
            comments::author_id.eq(me),
            comments::body.eq(body),
            comments::body_html.eq(crate::markdown::render(body)),
            comments::official.eq(input.official),
            comments::created_at.eq(at),
        ))
        .returning(comments::id)
        .get_result(conn)?;
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
    if deleted || !editable(created) {
        return Err(AppError::Conflict { fields: FieldErrors::single("body", Problem::EditWindowPassed) });
    }
    check_body(body)?;
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

/// Flags a submission or a comment for the moderators; one flag per person per item.
pub fn flag(conn: &mut DbConn, actor: &Actor, target: FlagTarget, target_id: i64, reason: &str) -> AppResult<()> {
    let me = actor.require_user()?;
    let n = reason.trim().chars().count();
    if n == 0 {
        return Err(AppError::Validation { fields: FieldErrors::single("reason", Problem::Required) });
    }
    if n > REASON_MAX {
        return Err(AppError::Validation { fields: FieldErrors::single("reason", Problem::TooLong) });
    }
    let found: i64 = match target {
        FlagTarget::Submission => submissions::table.filter(submissions::id.eq(target_id)).count().get_result(conn)?,
        FlagTarget::Comment => comments::table.filter(comments::id.eq(target_id)).count().get_result(conn)?,
    };
    if found == 0 {
        return Err(AppError::NotFound);
    }
    let mut sql = Sql::new(conn.backend());
    sql.push("INSERT INTO flags (target_kind, target_id, user_id, reason, created_at) VALUES (")
        .text(target.as_str())
        .push(", ")
        .int(target_id)
        .push(", ")
        .int(me)
        .push(", ")
        .text(reason.trim())
        .push(", ")
        .bind(Bind::Time(now()))
        .push(") ON CONFLICT DO NOTHING");
    sql.execute(conn)?;
    Ok(())
}

/// The submission a comment belongs to.
pub fn submission_of(conn: &mut DbConn, comment_id: i64) -> AppResult<Option<i64>> {
    Ok(comments::table.find(comment_id).select(comments::submission_id).first(conn).optional()?)
}
