//! (ssr) Drafts: a citizen saves an unfinished submission and sends it later. A draft is checked
//! lightly (lengths, and that what is chosen exists); the full rules apply when it is sent, and
//! sending removes the draft in the same transaction as it creates the submission.
use super::service::{category_directorate, neighbourhood_in_use};
use super::{DraftView, NewSubmission};
use crate::auth::Actor;
use crate::db::schema::drafts;
use crate::db::time::iso;
use crate::db::time::now;
use crate::db::DbConn;
use crate::domain::submissions::validate_saved_draft;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use diesel::prelude::*;
use time::PrimitiveDateTime;

/// How many drafts one person may keep.
pub const MAX_DRAFTS: i64 = 50;

/// A row of `drafts`, in the table's column order.
#[derive(Queryable)]
struct Row {
    id: i64,
    _author_id: i64,
    kind: String,
    title: String,
    body: String,
    category_id: Option<i64>,
    neighbourhood_id: Option<i64>,
    lat: Option<f64>,
    lon: Option<f64>,
    created_at: PrimitiveDateTime,
    updated_at: PrimitiveDateTime,
}

fn view(r: Row) -> DraftView {
    DraftView {
        id: r.id,
        kind: r.kind,
        title: r.title,
        body: r.body,
        category_id: r.category_id,
        neighbourhood_id: r.neighbourhood_id,
        lat: r.lat,
        lon: r.lon,
        created_at: iso(r.created_at),
        updated_at: iso(r.updated_at),
    }
}

/// The rules of a saved draft (`domain::submissions::validate_saved_draft`), and that a chosen
/// category and neighbourhood exist and are in use.
fn check(conn: &mut DbConn, input: &NewSubmission) -> AppResult<()> {
    let district = crate::map::service::district_in(conn)?;
    let mut errors = validate_saved_draft(&input.draft(), &district);
    if let Some(id) = input.category_id {
        if category_directorate(conn, id)?.is_none() {
            errors.add("category_id", Problem::Invalid);
        }
    }
    if let Some(id) = input.neighbourhood_id {
        if !neighbourhood_in_use(conn, id)? {
            errors.add("neighbourhood_id", Problem::Invalid);
        }
    }
    errors.into_result()
}

/// The signed-in user's drafts, most recently changed first.
pub fn list(conn: &mut DbConn, actor: &Actor) -> AppResult<Vec<DraftView>> {
    let me = actor.require_user()?;
    let rows: Vec<Row> = drafts::table
        .filter(drafts::author_id.eq(me))
        .order((drafts::updated_at.desc(), drafts::id.desc()))
        .select(drafts::all_columns)
        .load(conn)?;
    Ok(rows.into_iter().map(view).collect())
}

/// One of the signed-in user's drafts; someone else's is not found.
pub fn get(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<DraftView> {
    let me = actor.require_user()?;
    let row: Row = drafts::table
        .filter(drafts::id.eq(id).and(drafts::author_id.eq(me)))
        .select(drafts::all_columns)
        .first(conn)?;
    Ok(view(row))
}

/// Saves a new draft (`id` none) or changes one of the user's own.
pub fn save(conn: &mut DbConn, actor: &Actor, id: Option<i64>, input: &NewSubmission) -> AppResult<DraftView> {
    let me = actor.require_writer()?;
    check(conn, input)?;
    let at = now();
    let values = (
        drafts::kind.eq(input.kind.trim()),
        drafts::title.eq(input.title.trim()),
        drafts::body.eq(input.body.trim()),
        drafts::category_id.eq(input.category_id),
        drafts::neighbourhood_id.eq(input.neighbourhood_id),
        drafts::lat.eq(input.lat),
        drafts::lon.eq(input.lon),
        drafts::updated_at.eq(at),
    );
    let id = match id {
        Some(id) => {
            let changed = diesel::update(drafts::table.filter(drafts::id.eq(id).and(drafts::author_id.eq(me))))
                .set(values)
                .execute(conn)?;
            if changed == 0 {
                return Err(AppError::NotFound);
            }
            id
        }
        None => {
            let kept: i64 = drafts::table.filter(drafts::author_id.eq(me)).count().get_result(conn)?;
            if kept >= MAX_DRAFTS {
                return Err(AppError::Conflict { fields: FieldErrors::single("draft", Problem::TooMany) });
            }
            diesel::insert_into(drafts::table)
                .values((values, drafts::author_id.eq(me), drafts::created_at.eq(at)))
                .returning(drafts::id)
                .get_result(conn)?
        }
    };
    get(conn, actor, id)
}

/// Deletes one of the user's own drafts.
pub fn delete(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<()> {
    let me = actor.require_user()?;
    let gone = diesel::delete(drafts::table.filter(drafts::id.eq(id).and(drafts::author_id.eq(me)))).execute(conn)?;
    if gone == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Removes a draft that was just sent (in the transaction that created its submission); another
/// person's draft, or one already sent, is not found, which undoes that transaction.
pub fn remove_sent(conn: &mut DbConn, actor: &Actor, id: i64) -> AppResult<()> {
    delete(conn, actor, id)
}

/// A saved draft as the body of a new submission.
pub fn as_submission(d: &DraftView) -> NewSubmission {
    NewSubmission {
        kind: d.kind.clone(),
        title: d.title.clone(),
        body: d.body.clone(),
        category_id: d.category_id,
        neighbourhood_id: d.neighbourhood_id,
        lat: d.lat,
        lon: d.lon,
    }
}
