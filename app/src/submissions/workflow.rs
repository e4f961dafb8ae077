//! Moving a submission through its workflow (DESIGN.md §4, issue 10): the one service entry the
//! JSON API, the form on the submission page and the tests call. The rules of who may make which
//! move are `domain::workflow`'s; this reads the submission, checks the notes, writes the status
//! and its event (the log the database keeps append-only) and tells the followers.
use super::service::{change_status, status_of, EventActor};
use crate::auth::Actor;
use crate::db::schema::{submissions, users};
use crate::db::DbConn;
use crate::domain::roles::Role;
use crate::domain::submissions::{Kind, Status};
use crate::domain::workflow::{check_move, needs_public_note, MoveRefused, Mover};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use diesel::prelude::*;
use serde::Deserialize;

/// The longest note, public or internal, in characters.
pub const NOTE_MAX: usize = 2_000;

/// A move as asked for: the status to reach, the reason the public reads, and a note for staff.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Move {
    /// The status to reach (`under_evaluation`, `approved`, `rejected`, …).
    pub to: String,
    /// Shown to everyone on the timeline; required for rejected, not feasible and not our
    /// jurisdiction.
    #[serde(default)]
    pub public_note: Option<String>,
    /// Seen by staff only.
    #[serde(default)]
    pub internal_note: Option<String>,
}

/// Makes the move: 422 for a status that does not exist or a missing or long note, 409 (naming
/// the moves there are) for one the workflow does not have, 403 for one that is not the asker's
/// to make. Returns the status reached.
pub fn transition(conn: &mut DbConn, actor: &Actor, id: i64, m: &Move) -> AppResult<Status> {
    let user = actor.require_user()?;
    let (from, author) = status_of(conn, id)?;
    let to = Status::parse(&m.to).ok_or_else(|| {
        let problem = if m.to.trim().is_empty() { Problem::Required } else { Problem::Unknown };
        AppError::Validation { fields: FieldErrors::single("to", problem) }
    })?;
    let kind: String = submissions::table.find(id).select(submissions::kind).first(conn)?;
    let by =
        check_move(Kind::stored(&kind)?.track(), from, to, actor.roles(), author == Some(user)).map_err(
            |r| match r {
                MoveRefused::Illegal { from, allowed } => AppError::IllegalMove {
                    from: from.as_str().to_owned(),
                    allowed: allowed.iter().map(|s| s.as_str().to_owned()).collect(),
                },
                MoveRefused::NotYours { .. } => AppError::Forbidden,
            },
        )?;
    let public_note = m.public_note.as_deref().unwrap_or_default().trim();
    let internal_note = m.internal_note.as_deref().unwrap_or_default().trim();
    let mut errors = FieldErrors::new();
    if needs_public_note(to) && public_note.is_empty() {
        errors.add("public_note", Problem::Required);
    }
    if public_note.chars().count() > NOTE_MAX {
        errors.add("public_note", Problem::TooLong);
    }
    if internal_note.chars().count() > NOTE_MAX {
        errors.add("internal_note", Problem::TooLong);
    }
    errors.into_result()?;
    let (role, directorate) = match by {
        // The author's own move carries no staff note.
        Mover::Author => ("citizen", None),
        Mover::Staff | Mover::Chair => {
            let directorate: Option<i64> = users::table.find(user).select(users::directorate_id).first(conn)?;
            (if by == Mover::Chair { "chair" } else { "staff" }, directorate)
        }
    };
    let internal_note = if by == Mover::Author { "" } else { internal_note };
    let who = EventActor { id: user, role, directorate };
    change_status(conn, id, from, to, Some(who), (public_note, internal_note))?;
    Ok(to)
}

/// The moves `actor` may make on a submission as its page shows it (see `moves_for`).
pub fn moves_of(actor: &Actor, detail: &super::SubmissionDetail) -> Vec<Status> {
    crate::domain::workflow::moves_for(detail.kind.track(), detail.status, actor.roles(), detail.is_author)
}

/// `transition` in its own transaction; listing totals are counted again afterwards.
pub async fn transition_tx(pool: &crate::db::Pool, actor: Actor, id: i64, m: Move) -> AppResult<Status> {
    let to = crate::db::tx(pool, move |c| transition(c, &actor, id, &m)).await?;
    pool.caches().clear_counts();
    Ok(to)
}

/// A submission's timeline as `actor` may read it: staff see the internal notes, nobody else.
pub fn timeline(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<Vec<super::EventView>> {
    status_of(conn, id)?;
    super::service::events(conn, id, actor.has(Role::Staff))
}
